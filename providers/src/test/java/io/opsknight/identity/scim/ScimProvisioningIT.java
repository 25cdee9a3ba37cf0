package io.opsknight.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An identity provider provisions people through Keycloak's own SCIM API (feature scim-api, on in the test
 * server) and every OpsKnight rule holds: status, the one role from the role groups, the last ADMIN,
 * sessions and API tokens dead at once, the audit trail with the SCIM client as actor.
 */
@OpsKnightIT
class ScimProvisioningIT {

    private static final String API_TOKEN_GRANT = "urn:opsknight:params:oauth:grant-type:api-token";

    @Test
    void anIdentityProviderCreatesPromotesSuspendsAndDeletesAPerson() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            ScimClient idp = ScimClient.connect(realm);
            String actor = realm.resource().users().search("service-account-opsknight-scim").get(0).getId();
            var admin = realm.apiAs("ada@example.test");

            // Created by SCIM: ACTIVE with role USER, recorded with the SCIM client as actor.
            String ann = ScimClient.id(idp.createUser("ann@example.test", "Ann", "Lee", true));
            JsonNode created = admin.get("/users/" + ann).json();
            assertThat(created.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(created.path("role").asText()).isEqualTo("USER");
            List<JsonNode> activated = realm.audit("user=" + ann + "&type=user.activated");
            assertThat(activated).hasSize(1);
            assertThat(activated.get(0).toString()).contains(actor).contains("scim");

            // Membership of the admin group makes her ADMIN.
            String admins = ScimClient.id(idp.createGroup("opsknight-admins"));
            Http.Reply joined = idp.addMember(admins, ann);
            assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
            assertThat(admin.get("/users/" + ann).json().path("role").asText()).isEqualTo("ADMIN");
            assertThat(realm.auditCount(ann, "user.role.changed")).isEqualTo(1);

            // She signs in and makes an API token; both work.
            setPassword(realm, ann);
            Tokens session = realm.login("ann@example.test");
            Http.Reply madeToken = realm.api(session.accessToken()).post("/me/api-tokens", Map.of("name", "ci", "expiresInDays", 30));
            assertThat(madeToken.status()).as(madeToken.toString()).isEqualTo(201);
            String apiToken = madeToken.json().path("token").asText();
            assertThat(exchange(realm, apiToken).status()).isEqualTo(200);

            // active: false -> DISABLED; her session and API token are dead as soon as the answer is back.
            Http.Reply suspended = idp.setActive(ann, false);
            assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
            assertThat(admin.get("/users/" + ann).json().path("status").asText()).isEqualTo("DISABLED");
            assertThat(realm.refresh(session.refreshToken()).status()).isEqualTo(400);
            assertThat(realm.userinfo(session.accessToken()).status()).isEqualTo(401);
            assertThat(exchange(realm, apiToken).status()).isBetween(400, 401);
            List<JsonNode> deactivated = realm.audit("user=" + ann + "&type=user.deactivated");
            assertThat(deactivated).hasSize(1);
            assertThat(deactivated.get(0).toString()).contains(actor).contains("scim");

            // active: true brings her back (the revoked API token stays revoked).
            assertThat(idp.setActive(ann, true).status()).isEqualTo(200);
            assertThat(admin.get("/users/" + ann).json().path("status").asText()).isEqualTo("ACTIVE");
            assertThat(realm.passwordGrant("ann@example.test", TestRealm.PASSWORD).status()).isEqualTo(200);
            assertThat(exchange(realm, apiToken).status()).isBetween(400, 401);

            // Out of the admin group: USER again.
            Http.Reply left = idp.removeMember(admins, ann);
            assertThat(left.status()).as(left.toString()).isEqualTo(200);
            assertThat(admin.get("/users/" + ann).json().path("role").asText()).isEqualTo("USER");

            // DELETE: deactivated, then deleted; the audit trail keeps the record.
            Tokens again = realm.login("ann@example.test");
            Http.Reply deleted = idp.delete("/Users/" + ann);
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
            assertThat(realm.refresh(again.refreshToken()).status()).isEqualTo(400);
            assertThat(admin.get("/users/" + ann).status()).isEqualTo(404);
            assertThat(realm.audit("user=" + ann + "&type=user.deactivated").toString()).contains("deleted");
        }
    }

    @Test
    void theLastActiveAdminCannotBeTakenAwayThroughScim() {
        try (TestRealm realm = TestRealm.create()) {
            ScimClient idp = ScimClient.connect(realm);
            String ann = ScimClient.id(idp.createUser("ann@example.test", "Ann", "Lee", true));
            String admins = ScimClient.id(idp.createGroup("opsknight-admins"));
            assertThat(idp.addMember(admins, ann).status()).isEqualTo(200);
            setPassword(realm, ann);
            var annApi = realm.apiAs("ann@example.test");
            assertThat(annApi.get("/me").json().path("role").asText()).isEqualTo("ADMIN");

            // Each change that would leave no ACTIVE ADMIN is a SCIM error that says why, and changes nothing.
            for (Http.Reply refused : List.of(idp.setActive(ann, false), idp.removeMember(admins, ann), idp.delete("/Users/" + ann))) {
                assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
                assertThat(refused.json().path("schemas").toString()).contains("urn:ietf:params:scim:api:messages:2.0:Error");
                assertThat(refused.json().path("detail").asText()).contains("last ACTIVE ADMIN");
            }
            JsonNode me = annApi.get("/me").json();
            assertThat(me.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(me.path("role").asText()).isEqualTo("ADMIN");
            assertThat(idp.get("/Groups/" + admins + "?attributes=members").body()).contains(ann);
            assertThat(realm.resource().users().get(ann).toRepresentation().isEnabled()).isTrue();

            // With a second ADMIN, the same change goes through.
            String bob = ScimClient.id(idp.createUser("bob@example.test", "Bob", "Ray", true));
            assertThat(idp.addMember(admins, bob).status()).isEqualTo(200);
            assertThat(idp.setActive(ann, false).status()).isEqualTo(200);
        }
    }

    @Test
    void badInputIsAScimErrorAndChangesNothing() {
        try (TestRealm realm = TestRealm.create()) {
            ScimClient idp = ScimClient.connect(realm);
            String ann = ScimClient.id(idp.createUser("ann@example.test", "Ann", "Lee", true));

            Http.Reply unknown = idp.send("POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"eve@example.test\",\"name\":{\"givenName\":\"Eve\",\"familyName\":\"X\"},\"shoeSize\":44}");
            assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
            Http.Reply broken = idp.send("POST", "/Users", "{\"userName\":");
            assertThat(broken.status()).as(broken.toString()).isEqualTo(400);
            Http.Reply readOnly = idp.patch("/Users/" + ann, Map.of("op", "replace", "path", "id", "value", "other"));
            assertThat(readOnly.status()).as(readOnly.toString()).isEqualTo(400);
            assertThat(readOnly.json().path("detail").asText()).contains("read-only");
            Http.Reply badName = idp.patch("/Users/" + ann,
                    Map.of("op", "replace", "path", "active", "value", false),
                    Map.of("op", "replace", "path", "name.givenName", "value", "<script>"));
            assertThat(badName.status()).as(badName.toString()).isEqualTo(400);

            // Nothing of the refused requests stayed: no Eve, Ann still ACTIVE under her name.
            assertThat(realm.resource().users().search("eve@example.test")).isEmpty();
            var ann0 = realm.resource().users().get(ann).toRepresentation();
            assertThat(ann0.isEnabled()).isTrue();
            assertThat(ann0.getFirstName()).isEqualTo("Ann");
            assertThat(ann0.getAttributes().get("opsknight_status")).containsExactly("ACTIVE");
        }
    }

    private static void setPassword(TestRealm realm, String userId) {
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(TestRealm.PASSWORD);
        password.setTemporary(false);
        realm.resource().users().get(userId).resetPassword(password);
        // A person created by SCIM has no verified email yet; the test signs in directly.
        var rep = realm.resource().users().get(userId).toRepresentation();
        rep.setEmailVerified(true);
        realm.resource().users().get(userId).update(rep);
    }

    private static Http.Reply exchange(TestRealm realm, String apiToken) {
        return Http.form(realm.tokenUrl(), Map.of("grant_type", API_TOKEN_GRANT, "client_id", "opsknight-api", "api_token", apiToken));
    }
}
