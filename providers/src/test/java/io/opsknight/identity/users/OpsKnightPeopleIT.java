package io.opsknight.identity.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpsKnight API changes OpsKnight people only (a console administrator is refused, and stays as they
 * were), and an admin's email change unverifies the address, ends every session and tells the old address.
 */
@OpsKnightIT
class OpsKnightPeopleIT {

    /** Names refuse markup (the realm's User Profile); a realm display name is the operator's free text. */
    private static final String MARKUP = "Acme <a href=\"https://evil.example/x\">Click here</a>";

    private static RoleRepresentation realmManagementRole(TestRealm realm, String name) {
        ClientRepresentation client = realm.resource().clients().findByClientId("realm-management").get(0);
        return realm.resource().clients().get(client.getId()).roles().get(name).toRepresentation();
    }

    @Test
    void consoleAdministratorsAreRefusedWithAPointerToTheConsoleAndStayUnchanged() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("pp-admin@example.test", "Ada Admin", "ADMIN");
            // A realm administrator who also holds an OpsKnight role, and one who is such through a group.
            String direct = realm.createUser("pp-realm-admin@example.test", "Rita Realmadmin", "USER");
            realm.resource().users().get(direct).roles().clientLevel(
                    realm.resource().clients().findByClientId("realm-management").get(0).getId())
                    .add(List.of(realmManagementRole(realm, "realm-admin")));
            String viaGroup = realm.createUser("pp-group@example.test", "Gus Group", "RESPONDER");
            GroupRepresentation group = new GroupRepresentation();
            group.setName("helpdesk");
            String groupId = TestRealm.idOf(realm.resource().groups().add(group));
            realm.resource().groups().group(groupId).roles().clientLevel(
                    realm.resource().clients().findByClientId("realm-management").get(0).getId())
                    .add(List.of(realmManagementRole(realm, "view-users")));
            realm.resource().users().get(viaGroup).joinGroup(groupId);
            String person = realm.createUser("pp-person@example.test", "Pia Person", "USER");

            Api admin = realm.apiAs("pp-admin@example.test");
            for (String id : List.of(direct, viaGroup)) {
                UserRepresentation before = realm.resource().users().get(id).toRepresentation();
                for (Http.Reply reply : List.of(
                        admin.put("/users/" + id + "/profile", Map.of("email", "attacker@example.test")),
                        admin.put("/users/" + id + "/profile", Map.of("name", "Renamed")),
                        admin.put("/users/" + id + "/preferences", Map.of("notify_sms", true)),
                        admin.post("/users/" + id + "/password-reset", null),
                        admin.post("/users/" + id + "/deactivate", null),
                        admin.post("/users/" + id + "/reactivate", null),
                        admin.put("/users/" + id + "/role", Map.of("role", "ADMIN")))) {
                    assertThat(reply.status()).as(reply.toString()).isEqualTo(403);
                    assertThat(reply.json().path("error").asText()).isEqualTo("managed_in_keycloak");
                    assertThat(reply.json().path("message").asText()).contains("Keycloak admin console").contains("realm-management/");
                }
                UserRepresentation after = realm.resource().users().get(id).toRepresentation();
                assertThat(after.getEmail()).isEqualTo(before.getEmail());
                assertThat(after.getFirstName()).isEqualTo(before.getFirstName());
                assertThat(after.isEnabled()).isTrue();
                assertThat(after.isEmailVerified()).isTrue();
                assertThat(realm.resource().users().get(id).roles().realmLevel().listAll().stream()
                        .map(RoleRepresentation::getName)).doesNotContain("ADMIN");
                // Reading is still fine: the admin sees who they are.
                assertThat(admin.get("/users/" + id).status()).isEqualTo(200);
            }
            // An OpsKnight person is still managed.
            Http.Reply renamed = admin.put("/users/" + person + "/profile", Map.of("name", "Pia Renamed"));
            assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
            assertThat(admin.put("/users/" + person + "/role", Map.of("role", "RESPONDER")).status()).isEqualTo(200);
            // Once the console takes the foreign role away, OpsKnight manages the person again.
            realm.resource().users().get(viaGroup).leaveGroup(groupId);
            assertThat(admin.put("/users/" + viaGroup + "/profile", Map.of("name", "Gus Again")).status()).isEqualTo(200);
        }
    }

    @Test
    void anAdminsEmailChangeUnverifiesEndsTheSessionsAndTellsTheOldAddress() {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            realm.createUser("ec-admin@example.test", "Eda Admin", "ADMIN");
            var rep = realm.resource().toRepresentation();
            rep.setDisplayName(MARKUP);
            realm.resource().update(rep);
            String en = realm.createUser("ec-old@example.test", "Olly Old", "USER");
            String de = realm.createUser("ec-alt@example.test", "Dora Deutsch", "USER");
            UserRepresentation dora = realm.resource().users().get(de).toRepresentation();
            dora.setAttributes(Map.of("locale", List.of("de")));
            realm.resource().users().get(de).update(dora);
            Tokens session = realm.login("ec-old@example.test");
            Api admin = realm.apiAs("ec-admin@example.test");

            Http.Reply changed = admin.put("/users/" + en + "/profile", Map.of("email", "ec-new@example.test"));
            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
            JsonNode user = changed.json();
            assertThat(user.path("email").asText()).isEqualTo("ec-new@example.test");
            assertThat(user.path("email_verified").asBoolean()).isFalse();
            assertThat(realm.resource().users().get(en).toRepresentation().isEmailVerified()).isFalse();
            // Every session of the person ended when the call returned.
            assertThat(realm.refresh(session.refreshToken()).status()).isEqualTo(400);
            assertThat(realm.userinfo(session.accessToken()).status()).isEqualTo(401);
            // The person signs in with the new address (the username followed the email).
            assertThat(realm.login("ec-new@example.test").access().path("email_verified").asBoolean()).isFalse();

            Mail.Decoded notice = Mail.decode(mail.await(1)[0]);
            assertThat(notice.to()).isEqualTo("ec-old@example.test");
            assertThat(notice.subject()).isEqualTo("The email address of your " + MARKUP + " account was changed");
            assertThat(notice.text()).contains("Hello Olly Old,").contains("Eda Admin changed the email address of your "
                    + MARKUP + " account from ec-old@example.test to ec-new@example.test");
            // Text in the HTML part too: the display name arrives escaped, never as a live link.
            assertThat(notice.html()).doesNotContain("<a href=\"https://evil.example").contains("Acme &lt;a href=");

            // In the person's own language.
            assertThat(admin.put("/users/" + de + "/profile", Map.of("email", "ec-neu@example.test")).status()).isEqualTo(200);
            Mail.Decoded german = Mail.decode(mail.await(2)[1]);
            assertThat(german.to()).isEqualTo("ec-alt@example.test");
            assertThat(german.subject()).isEqualTo("Die E-Mail-Adresse Ihres " + MARKUP + "-Kontos wurde geändert");
            assertThat(german.text()).contains("von ec-alt@example.test in ec-neu@example.test geändert");

            // A refused change (address in use) sends nothing and ends nothing.
            Tokens doraSession = realm.login("ec-neu@example.test");
            Http.Reply taken = admin.put("/users/" + de + "/profile", Map.of("email", "ec-admin@example.test"));
            assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
            assertThat(realm.refresh(doraSession.refreshToken()).status()).isEqualTo(200);
            // Other fields alone keep the sessions and send nothing.
            assertThat(admin.put("/users/" + de + "/profile", Map.of("name", "Dora D.")).status()).isEqualTo(200);
            assertThat(realm.refresh(doraSession.refreshToken()).status()).isEqualTo(200);
            assertThat(mail.received()).hasSize(2);
        }
    }
}
