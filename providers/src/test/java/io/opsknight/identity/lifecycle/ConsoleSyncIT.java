package io.opsknight.identity.lifecycle;

import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An admin working in the Keycloak console gets the matching OpsKnight status. */
@OpsKnightIT
class ConsoleSyncIT {

    @Test
    void consoleCreateAndEnabledSwitchKeepTheStatusInStep() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            // createUser goes through the admin REST API, as the console does.
            String id = realm.createUser("carl@example.test", "Carl Console", "USER");
            assertThat(attribute(realm, id)).isEqualTo("ACTIVE");
            Api admin = realm.apiAs("ada@example.test");
            assertThat(admin.get("/users/" + id).json().path("status").asText()).isEqualTo("ACTIVE");

            Tokens tokens = realm.login("carl@example.test");
            UserResource console = realm.resource().users().get(id);

            UserRepresentation rep = console.toRepresentation();
            rep.setEnabled(false);
            console.update(rep);
            assertThat(attribute(realm, id)).isEqualTo("DISABLED");
            assertThat(admin.get("/users/" + id).json().path("status").asText()).isEqualTo("DISABLED");
            // Switching Enabled off in the console ends the sessions like our deactivate does.
            assertThat(realm.refresh(tokens.refreshToken()).status()).isEqualTo(400);
            assertThat(realm.resource().users().get(id).getUserSessions()).isEmpty();
            assertThat(realm.passwordGrant("carl@example.test", TestRealm.PASSWORD).json().path("error_description").asText())
                    .contains("deactivated");

            rep = console.toRepresentation();
            rep.setEnabled(true);
            console.update(rep);
            assertThat(attribute(realm, id)).isEqualTo("ACTIVE");
            assertThat(realm.passwordGrant("carl@example.test", TestRealm.PASSWORD).status()).isEqualTo(200);

            // An edit that does not touch Enabled leaves the status alone.
            rep = console.toRepresentation();
            rep.setFirstName("Carl Renamed");
            console.update(rep);
            assertThat(attribute(realm, id)).isEqualTo("ACTIVE");
        }
    }

    @Test
    void userCreatedDisabledIsDisabledAndEnablingAnInvitedUserActivatesIt() {
        try (TestRealm realm = TestRealm.create()) {
            String legacyId = LifecycleFixtures.legacyUser(realm, "old@example.test", true);
            assertThat(attribute(realm, legacyId)).as("made without our listener").isNull();

            UserRepresentation created = new UserRepresentation();
            created.setUsername("dora@example.test");
            created.setEmail("dora@example.test");
            created.setFirstName("Dora");
            created.setEnabled(false);
            String doraId = TestRealm.idOf(realm.resource().users().create(created));
            assertThat(attribute(realm, doraId)).isEqualTo("DISABLED");

            String ivyId = LifecycleFixtures.invitedUser(realm, "ivy@example.test", "Ivy Invited", "USER");
            assertThat(attribute(realm, ivyId)).isEqualTo("INVITED");
            UserResource console = realm.resource().users().get(ivyId);
            UserRepresentation rep = console.toRepresentation();
            rep.setFirstName("Ivy Still Invited");
            console.update(rep);
            assertThat(attribute(realm, ivyId)).as("still disabled, still INVITED").isEqualTo("INVITED");

            rep = console.toRepresentation();
            rep.setEnabled(true);
            console.update(rep);
            assertThat(attribute(realm, ivyId)).isEqualTo("ACTIVE");
            assertThat(realm.passwordGrant("ivy@example.test", TestRealm.PASSWORD).status()).isEqualTo(200);
        }
    }

    private static String attribute(TestRealm realm, String id) {
        List<String> values = realm.resource().users().get(id).toRepresentation().getAttributes() == null ? null
                : realm.resource().users().get(id).toRepresentation().getAttributes().get(UserStatus.ATTRIBUTE);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
