package io.opsknight.identity.roles;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.ServerLog;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles stay unambiguous: a console-created user is mapped USER (realm_access and opsknight_role agree);
 * roles through groups do not count; of two direct OpsKnight roles the lower applies everywhere, with a WARN.
 */
@OpsKnightIT
class OneRoleIT {

    private static List<String> realmAccess(Tokens tokens) {
        List<String> roles = new ArrayList<>();
        tokens.access().path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }

    private static List<String> mappedRealmRoles(TestRealm realm, String id) {
        return realm.resource().users().get(id).roles().realmLevel().listAll().stream().map(RoleRepresentation::getName).toList();
    }

    @Test
    void aUserCreatedInTheConsoleIsMappedUser() {
        try (TestRealm realm = TestRealm.create()) {
            String id = realm.createUser("console-made@example.test", "Cora Console", null);

            assertThat(mappedRealmRoles(realm, id)).contains("USER").doesNotContain("ADMIN", "RESPONDER");
            Tokens tokens = realm.login("console-made@example.test");
            assertThat(tokens.access().path("opsknight_role").asText()).isEqualTo("USER");
            assertThat(realmAccess(tokens)).contains("USER").doesNotContain("ADMIN", "RESPONDER");
        }
    }

    @Test
    void rolesThroughGroupsDoNotCount() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("grp-admin@example.test", "Real Admin", "ADMIN");
            String id = realm.createUser("grp-member@example.test", "Gail Group", "USER");
            GroupRepresentation group = new GroupRepresentation();
            group.setName("ops-admins");
            String groupId = TestRealm.idOf(realm.resource().groups().add(group));
            realm.resource().groups().group(groupId).roles().realmLevel()
                    .add(List.of(realm.resource().roles().get("ADMIN").toRepresentation()));
            realm.resource().users().get(id).joinGroup(groupId);

            Tokens tokens = realm.login("grp-member@example.test");
            assertThat(tokens.access().path("opsknight_role").asText()).isEqualTo("USER");
            Api member = realm.api(tokens.accessToken());
            assertThat(member.get("/users").status()).as("no ADMIN through a group").isEqualTo(403);
            JsonNode me = member.get("/me").json();
            assertThat(me.path("role").asText()).isEqualTo("USER");
            assertThat(realm.apiAs("grp-admin@example.test").get("/users?role=ADMIN").json().toString())
                    .doesNotContain("grp-member@example.test");
        }
    }

    @Test
    void ofTwoDirectRolesTheLowerAppliesEverywhereAndAWarnSaysSo() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("two-admin@example.test", "Real Admin", "ADMIN");
            String id = realm.createUser("two-roles@example.test", "Tom Two", "USER");
            // An import or a realm without our listener can leave two direct roles: make one like that.
            RealmRepresentation rep = realm.resource().toRepresentation();
            List<String> listeners = new ArrayList<>(rep.getEventsListeners());
            rep.setEventsListeners(listeners.stream().filter(l -> !l.equals("opsknight-roles")).toList());
            realm.resource().update(rep);
            realm.resource().users().get(id).roles().realmLevel()
                    .add(List.of(realm.resource().roles().get("ADMIN").toRepresentation()));
            rep.setEventsListeners(listeners);
            realm.resource().update(rep);
            assertThat(mappedRealmRoles(realm, id)).contains("ADMIN", "USER");

            Tokens tokens = realm.login("two-roles@example.test");
            assertThat(tokens.access().path("opsknight_role").asText()).isEqualTo("USER");
            List<String> permissions = new ArrayList<>();
            tokens.access().path("opsknight_permissions").forEach(p -> permissions.add(p.asText()));
            assertThat(permissions).containsExactlyElementsOf(Role.USER.permissionKeys());
            assertThat(realm.userinfo(tokens.accessToken()).json().path("opsknight_role").asText()).isEqualTo("USER");
            Api api = realm.api(tokens.accessToken());
            assertThat(api.get("/users").status()).as("the API's permission check agrees").isEqualTo(403);
            assertThat(api.get("/me").json().path("role").asText()).isEqualTo("USER");
            Api admin = realm.apiAs("two-admin@example.test");
            assertThat(admin.get("/users?role=ADMIN").json().toString()).doesNotContain("two-roles@example.test");
            assertThat(admin.get("/users?role=USER").json().toString()).contains("two-roles@example.test");
            assertThat(admin.get("/users/" + id).json().path("role").asText()).isEqualTo("USER");
            assertThat(ServerLog.lines("WARN", "User " + id + " of realm '" + realm.name() + "'",
                    "holds the OpsKnight roles [ADMIN, USER] at once: the lowest, USER, applies")).isNotEmpty();

            // The API's role change leaves exactly one.
            assertThat(admin.put("/users/" + id + "/role", java.util.Map.of("role", "ADMIN")).status()).isEqualTo(200);
            assertThat(mappedRealmRoles(realm, id)).contains("ADMIN").doesNotContain("USER", "RESPONDER");
        }
    }
}
