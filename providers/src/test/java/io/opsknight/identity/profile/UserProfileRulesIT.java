package io.opsknight.identity.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our API writes a person's attributes through the realm's User Profile: the realm's validators (and
 * those an operator adds in the console) refuse a value as they do in Keycloak's own forms, with a 400
 * that names the field and carries the realm's message as a sentence.
 */
@OpsKnightIT
class UserProfileRulesIT {

    static final String MARKUP = "<b>Bo</b>";

    @Test
    void aNameTheRealmForbidsIsRefusedAndSignInKeepsWorking() {
        try (TestRealm realm = TestRealm.create()) {
            String id = realm.createUser("bo@example.test", "Bo", "USER");
            realm.createUser("root@example.test", "Root", "ADMIN");
            Api me = realm.apiAs("bo@example.test");
            Api admin = realm.apiAs("root@example.test");

            assertRealmRefusal(me.put("/me/profile", Map.of("name", MARKUP)), "invalid_name", "name: Value contains invalid character.");
            assertRealmRefusal(admin.put("/users/" + id + "/profile", Map.of("name", MARKUP)), "invalid_name",
                    "name: Value contains invalid character.");
            assertRealmRefusal(admin.post("/invitations", Map.of("email", "eve@example.test", "name", MARKUP, "role", "USER")),
                    "invalid_name", "name: Value contains invalid character.");
            assertThat(realm.resource().users().search("eve@example.test", true)).isEmpty();

            // Nothing was written: the person still signs in without Keycloak's "verify profile" stop.
            assertThat(me.get("/me").json().get("name").asText()).isEqualTo("Bo");
            Http.Reply grant = realm.passwordGrant("bo@example.test", TestRealm.PASSWORD);
            assertThat(grant.status()).as(grant.toString()).isEqualTo(200);
        }
    }

    @Test
    void aValidatorAnOperatorAddsHoldsForOurApiToo() {
        try (TestRealm realm = TestRealm.create()) {
            String id = realm.createUser("ops@example.test", "Ops", "USER");
            realm.createUser("root@example.test", "Root", "ADMIN");
            UPConfig config = realm.resource().users().userProfile().getConfiguration();
            UPAttribute name = config.getAttribute("firstName");
            name.getValidations().put("length", Map.of("min", 1, "max", 10));
            UPAttribute digest = config.getAttribute("incident_digest");
            digest.getValidations().put("options", Map.of("options", List.of("HIGH", "ALL")));
            realm.resource().users().userProfile().update(config);

            Api me = realm.apiAs("ops@example.test");
            assertRealmRefusal(me.put("/me/profile", Map.of("name", "A name far too long")), "invalid_name",
                    "name: Length must be between 1 and 10.");
            assertRealmRefusal(realm.apiAs("root@example.test").put("/users/" + id + "/profile", Map.of("name", "A name far too long")),
                    "invalid_name", "name: Length must be between 1 and 10.");
            assertRealmRefusal(me.put("/me/preferences", Map.of("incident_digest", "NONE")), "invalid_incident_digest",
                    "incident_digest: Invalid value.");
            Http.Reply ok = me.put("/me/profile", Map.of("name", "Short"));
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            assertThat(me.put("/me/preferences", Map.of("incident_digest", "ALL")).status()).isEqualTo(200);
        }
    }

    @Test
    void ourVerifiedPhoneRulesStillWriteTheAttributesTheConsolesMayNot() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("ph@example.test", "Ph", "USER");
            Api me = realm.apiAs("ph@example.test");
            Http.Reply set = me.put("/me/profile", Map.of("phone_number", "+14155550170", "zoneinfo", "Europe/Berlin"));
            assertThat(set.status()).as(set.toString()).isEqualTo(200);
            JsonNode json = set.json();
            assertThat(json.get("phone_number").asText()).isEqualTo("+14155550170");
            assertThat(json.get("phone_number_verified").asBoolean()).isFalse();
            assertThat(json.get("zoneinfo").asText()).isEqualTo("Europe/Berlin");
            Http.Reply cleared = me.put("/me/profile", Map.of("phone_number", "", "zoneinfo", ""));
            assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
            assertThat(cleared.json().get("zoneinfo").asText()).isEqualTo("UTC");
            assertThat(cleared.json().path("phone_number").isNull()).as(cleared.toString()).isTrue();
        }
    }

    private static void assertRealmRefusal(Http.Reply reply, String error, String message) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).as(reply.toString()).isEqualTo(error);
        assertThat(reply.json().get("message").asText()).as(reply.toString()).isEqualTo(message);
    }
}
