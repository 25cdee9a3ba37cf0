package io.opsknight.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an identity provider writes through Keycloak's SCIM API passes the realm's User Profile and our rules:
 * phone numbers and time zones are mapped and checked, bad values and read-only attributes are SCIM errors with
 * their scimType and change nothing, a person managed in the Keycloak console gets no role from a SCIM group,
 * and an email change follows the API's rule (unverified, sessions ended, a notice to the old address).
 */
@OpsKnightIT
class ScimProfileIT {

    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    @Test
    void phoneAndTimeZoneAreMappedAndCheckedOnCreateAndPatch() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            var admin = realm.apiAs("ada@example.test");
            ScimClient idp = ScimClient.connect(realm);

            // Okta's and Entra's shape: a work and a mobile number; the work number is OpsKnight's phone.
            String ann = ScimClient.id(idp.send("POST", "/Users", Http.json(Map.of("schemas", List.of(USER_SCHEMA),
                    "userName", "ann@example.test", "name", Map.of("givenName", "Ann", "familyName", "Lee"),
                    "emails", List.of(Map.of("value", "ann@example.test", "primary", true)), "active", true,
                    "timezone", "Europe/Berlin",
                    "phoneNumbers", List.of(Map.of("value", "+4915112345678", "type", "mobile"),
                            Map.of("value", "+493012345678", "type", "work"))))));
            JsonNode created = admin.get("/users/" + ann).json();
            assertThat(created.path("phone_number").asText()).isEqualTo("+493012345678");
            assertThat(created.path("phone_number_verified").asBoolean()).isFalse();
            assertThat(created.path("zoneinfo").asText()).isEqualTo("Europe/Berlin");
            // The IdP reads back what it wrote.
            JsonNode read = idp.get("/Users/" + ann).json();
            assertThat(read.path("timezone").asText()).isEqualTo("Europe/Berlin");
            assertThat(read.path("phoneNumbers").get(0).path("value").asText()).isEqualTo("+493012345678");

            // Entra's PATCH of one number and the zone.
            Http.Reply patched = idp.patch("/Users/" + ann,
                    Map.of("op", "replace", "path", "phoneNumbers[type eq \"work\"].value", "value", "+14155550100"),
                    Map.of("op", "replace", "path", "timezone", "value", "America/New_York"));
            assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
            JsonNode changed = admin.get("/users/" + ann).json();
            assertThat(changed.path("phone_number").asText()).isEqualTo("+14155550100");
            assertThat(changed.path("zoneinfo").asText()).isEqualTo("America/New_York");
            List<JsonNode> updated = realm.audit("user=" + ann + "&type=user.profile.updated");
            assertThat(updated).hasSize(1);
            assertThat(updated.get(0).toString()).contains("phone_number").contains("zoneinfo").contains("scim");

            // A bad phone or an unknown zone: 400 invalidValue, nothing stored, on create as on PATCH.
            Http.Reply badPhone = idp.send("POST", "/Users", Http.json(Map.of("schemas", List.of(USER_SCHEMA),
                    "userName", "bo@example.test", "name", Map.of("givenName", "Bo", "familyName", "X"),
                    "emails", List.of(Map.of("value", "bo@example.test", "primary", true)),
                    "phoneNumbers", List.of(Map.of("value", "030 1234", "type", "work")))));
            assertScimError(badPhone, "invalidValue", "phoneNumbers");
            Http.Reply badZone = idp.send("POST", "/Users", Http.json(Map.of("schemas", List.of(USER_SCHEMA),
                    "userName", "bo@example.test", "name", Map.of("givenName", "Bo", "familyName", "X"),
                    "emails", List.of(Map.of("value", "bo@example.test", "primary", true)), "timezone", "Mars/Olympus")));
            assertScimError(badZone, "invalidValue", "timezone");
            assertThat(realm.resource().users().search("bo@example.test")).isEmpty();

            Http.Reply halfBad = idp.patch("/Users/" + ann,
                    Map.of("op", "replace", "path", "active", "value", false),
                    Map.of("op", "replace", "path", "phoneNumbers", "value", List.of(Map.of("value", "+49 30 1", "type", "work"))));
            assertScimError(halfBad, "invalidValue", "E.164");
            Http.Reply badZonePatch = idp.patch("/Users/" + ann,
                    Map.of("op", "replace", "path", "active", "value", false),
                    Map.of("op", "replace", "path", "timezone", "value", "Mars/Olympus"));
            assertScimError(badZonePatch, "invalidValue", "timezone");
            JsonNode unchanged = admin.get("/users/" + ann).json();
            assertThat(unchanged.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(unchanged.path("phone_number").asText()).isEqualTo("+14155550100");
            assertThat(unchanged.path("zoneinfo").asText()).isEqualTo("America/New_York");
        }
    }

    @Test
    void unknownAndReadOnlyAttributesAreScimErrorsAndChangeNothing() {
        try (TestRealm realm = TestRealm.create()) {
            ScimClient idp = ScimClient.connect(realm);
            String ann = ScimClient.id(idp.createUser("ann@example.test", "Ann", "Lee", true));

            Http.Reply unknown = idp.send("POST", "/Users", "{\"schemas\":[\"" + USER_SCHEMA + "\"],"
                    + "\"userName\":\"eve@example.test\",\"name\":{\"givenName\":\"Eve\",\"familyName\":\"X\"},\"shoeSize\":44}");
            assertScimError(unknown, "invalidValue", "shoeSize");
            assertThat(realm.resource().users().search("eve@example.test")).isEmpty();

            assertScimError(idp.patch("/Users/" + ann, Map.of("op", "replace", "path", "id", "value", "other")),
                    "mutability", "read-only");
            assertScimError(idp.patch("/Users/" + ann, Map.of("op", "replace", "path", "meta.created", "value", "2020-01-01T00:00:00Z")),
                    "mutability", "read-only");
            // People sign in with their email: userName does not change on its own.
            Http.Reply renamed = idp.patch("/Users/" + ann,
                    Map.of("op", "replace", "path", "active", "value", false),
                    Map.of("op", "replace", "path", "userName", "value", "annie"));
            assertScimError(renamed, "mutability", "userName");

            UserRepresentation after = realm.resource().users().get(ann).toRepresentation();
            assertThat(after.getUsername()).isEqualTo("ann@example.test");
            assertThat(after.isEnabled()).isTrue();
            assertThat(after.getAttributes().get("opsknight_status")).containsExactly("ACTIVE");
        }
    }

    @Test
    void aPersonManagedInTheConsoleGetsNoRoleFromAScimGroup() {
        try (TestRealm realm = TestRealm.create()) {
            ScimClient idp = ScimClient.connect(realm);
            String ann = ScimClient.id(idp.createUser("ann@example.test", "Ann", "Lee", true));
            String admins = ScimClient.id(idp.createGroup("opsknight-admins"));
            // A console admin gives her a role of the realm's own, outside OpsKnight's.
            RoleRepresentation auditor = new RoleRepresentation();
            auditor.setName("auditor");
            realm.resource().roles().create(auditor);
            realm.resource().users().get(ann).roles().realmLevel().add(List.of(realm.resource().roles().get("auditor").toRepresentation()));

            Http.Reply refused = idp.addMember(admins, ann);
            assertScimError(refused, "invalidValue", "outside OpsKnight");
            assertThat(idp.get("/Groups/" + admins + "?attributes=members").body()).doesNotContain(ann);
            assertThat(realm.resource().users().get(ann).roles().realmLevel().listAll())
                    .extracting(RoleRepresentation::getName).contains("USER").doesNotContain("ADMIN");
        }
    }

    @Test
    void anEmailChangeIsUnverifiedEndsSessionsAndTellsTheOldAddress() {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            ScimClient idp = ScimClient.connect(realm);
            String ann = ScimClient.id(idp.createUser("ann@example.test", "Ann", "Lee", true));
            CredentialRepresentation password = new CredentialRepresentation();
            password.setType(CredentialRepresentation.PASSWORD);
            password.setValue(TestRealm.PASSWORD);
            password.setTemporary(false);
            realm.resource().users().get(ann).resetPassword(password);
            UserRepresentation rep = realm.resource().users().get(ann).toRepresentation();
            rep.setEmailVerified(true);
            realm.resource().users().get(ann).update(rep);
            Tokens session = realm.login("ann@example.test");

            Http.Reply moved = idp.patch("/Users/" + ann, Map.of("op", "replace", "path", "emails",
                    "value", List.of(Map.of("value", "ann.lee@example.test", "primary", true))));
            assertThat(moved.status()).as(moved.toString()).isEqualTo(200);

            UserRepresentation after = realm.resource().users().get(ann).toRepresentation();
            assertThat(after.getEmail()).isEqualTo("ann.lee@example.test");
            assertThat(after.isEmailVerified()).isFalse();
            assertThat(after.getUsername()).as("the username follows the email").isEqualTo("ann.lee@example.test");
            assertThat(realm.refresh(session.refreshToken()).status()).isEqualTo(400);
            Mail.Decoded notice = Mail.decode(mail.await(1, 30)[0]);
            assertThat(notice.to()).isEqualTo("ann@example.test");
            assertThat(notice.text()).contains("ann.lee@example.test");
            assertThat(realm.audit("user=" + ann + "&type=user.profile.updated").toString()).contains("email").contains("scim");
        }
    }

    private static void assertScimError(Http.Reply reply, String scimType, String detail) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        JsonNode json = reply.json();
        assertThat(json.path("schemas").toString()).as(reply.toString()).contains(ERROR_SCHEMA);
        assertThat(json.path("scimType").asText()).as(reply.toString()).isEqualTo(scimType);
        assertThat(json.path("detail").asText()).as(reply.toString()).contains(detail);
    }
}
