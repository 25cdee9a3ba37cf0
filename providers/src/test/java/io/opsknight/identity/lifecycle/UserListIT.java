package io.opsknight.identity.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin's user list, one user, and an admin's edit of a user's profile. */
@OpsKnightIT
class UserListIT {

    @Test
    void listFiltersByStatusRoleAndSearchNewestFirst() {
        try (TestRealm realm = TestRealm.create()) {
            String ada = realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            String rex = realm.createUser("rex@example.test", "Rex Responder", "RESPONDER");
            String uma = realm.createUser("uma@example.test", "Uma User", "USER");
            String ivy = LifecycleFixtures.invitedUser(realm, "ivy@example.test", "Ivy Invited", "RESPONDER");
            String legacyOn = LifecycleFixtures.legacyUser(realm, "legacy-on@example.test", true);
            String legacyOff = LifecycleFixtures.legacyUser(realm, "legacy-off@example.test", false);
            String dan = realm.createUser("dan_x@example.test", "Dan Deactivated", "USER");
            Api admin = realm.apiAs("ada@example.test");
            assertThat(admin.post("/users/" + dan + "/deactivate", null).status()).isEqualTo(200);

            // Newest first, the id breaking ties of one millisecond: the order is computed from Keycloak's own
            // timestamps, so the test does not depend on how fast the users were made.
            List<String> all = newestFirst(realm, ada, rex, uma, ivy, legacyOn, legacyOff, dan);
            assertThat(ids(admin.get("/users"))).containsExactlyElementsOf(all);
            JsonNode first = StreamSupport.stream(admin.get("/users").json().spliterator(), false)
                    .filter(n -> n.path("id").asText().equals(dan)).findFirst().orElseThrow();
            assertThat(first.path("email").asText()).isEqualTo("dan_x@example.test");
            assertThat(first.path("name").asText()).isEqualTo("Dan Deactivated");
            assertThat(first.path("role").asText()).isEqualTo("USER");
            assertThat(first.path("status").asText()).isEqualTo("DISABLED");
            assertThat(first.path("avatar").asText()).startsWith("https://www.gravatar.com/avatar/");

            // Users without a status attribute are filtered by Keycloak's enabled flag, like UserStatus.of.
            assertThat(ids(admin.get("/users?status=ACTIVE"))).containsExactlyElementsOf(newestFirst(realm, legacyOn, uma, rex, ada));
            assertThat(ids(admin.get("/users?status=disabled"))).containsExactlyElementsOf(newestFirst(realm, dan, legacyOff));
            assertThat(ids(admin.get("/users?status=INVITED"))).containsExactly(ivy);

            assertThat(ids(admin.get("/users?role=ADMIN"))).containsExactly(ada);
            assertThat(ids(admin.get("/users?role=RESPONDER"))).containsExactlyElementsOf(newestFirst(realm, ivy, rex));
            assertThat(ids(admin.get("/users?role=USER"))).containsExactlyElementsOf(newestFirst(realm, dan, legacyOff, legacyOn, uma));
            assertThat(ids(admin.get("/users?role=RESPONDER&status=ACTIVE"))).containsExactly(rex);

            assertThat(ids(admin.get("/users?search=UMA"))).containsExactly(uma);
            // A prefix of the name (OpsKnight keeps it whole in Keycloak's first name) or the email,
            // case-insensitive; not a substring, so a second word of the name does not match.
            assertThat(ids(admin.get("/users?search=" + Http.enc("rex re")))).containsExactly(rex);
            assertThat(ids(admin.get("/users?search=DAN%20D"))).containsExactly(dan);
            assertThat(ids(admin.get("/users?search=responder"))).isEmpty();
            // % and _ are literal, not wildcards.
            assertThat(ids(admin.get("/users?search=" + Http.enc("dan_x")))).containsExactly(dan);
            assertThat(ids(admin.get("/users?search=" + Http.enc("da_")))).isEmpty();
            assertThat(ids(admin.get("/users?search=" + Http.enc("%")))).isEmpty();

            assertThat(ids(admin.get("/users?first=1&max=2"))).containsExactlyElementsOf(all.subList(1, 3));
            assertThat(ids(admin.get("/users?max=1000"))).hasSize(7);

            assertThat(admin.get("/users?status=GONE").status()).isEqualTo(400);
            assertThat(admin.get("/users?role=OWNER").status()).isEqualTo(400);
            assertThat(admin.get("/users?max=0").status()).isEqualTo(400);
            assertThat(admin.get("/users?first=-1").status()).isEqualTo(400);
            assertThat(admin.get("/users?max=ten").json().path("error").asText()).isEqualTo("invalid_max");
            assertThat(realm.apiAs("rex@example.test").get("/users").status()).isEqualTo(403);
            assertThat(realm.api(null).get("/users").status()).isEqualTo(401);
        }
    }

    @Test
    void getOneUserAndEditTheProfile() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            String uma = realm.createUser("uma@example.test", "Uma User", "USER");
            realm.createUser("taken@example.test", "Taken", "USER");
            Api admin = realm.apiAs("ada@example.test");

            JsonNode user = admin.get("/users/" + uma).json();
            assertThat(user.path("id").asText()).isEqualTo(uma);
            assertThat(user.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(user.path("zoneinfo").asText()).isEqualTo("UTC");
            assertThat(user.path("notify_email").asBoolean()).isTrue();
            assertThat(admin.get("/users/nobody").status()).isEqualTo(404);
            assertThat(admin.get("/users/" + uma + "/nothing-here").status()).isEqualTo(404);
            assertThat(realm.apiAs("uma@example.test").get("/users/" + uma).status()).isEqualTo(403);

            Http.Reply updated = admin.put("/users/" + uma + "/profile", Map.of("email", "Uma.New@Example.test",
                    "name", "Uma Renamed", "phone_number", "+14155550100", "zoneinfo", "Europe/Berlin"));
            assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
            assertThat(updated.json().path("email").asText()).isEqualTo("uma.new@example.test");
            assertThat(updated.json().path("name").asText()).isEqualTo("Uma Renamed");
            assertThat(updated.json().path("phone_number").asText()).isEqualTo("+14155550100");
            assertThat(updated.json().path("phone_number_verified").asBoolean()).isFalse();
            assertThat(updated.json().path("zoneinfo").asText()).isEqualTo("Europe/Berlin");
            // The new address signs in, and the token carries the new claims.
            var claims = realm.login("uma.new@example.test").access();
            assertThat(claims.path("email").asText()).isEqualTo("uma.new@example.test");
            assertThat(claims.path("name").asText()).isEqualTo("Uma Renamed");

            assertThat(admin.put("/users/" + uma + "/profile", Map.of("phone_number", "")).status()).isEqualTo(200);
            JsonNode phone = admin.get("/users/" + uma).json().path("phone_number");
            assertThat(phone.isNull() || phone.isMissingNode()).as("phone cleared: " + phone).isTrue();

            assertError(admin.put("/users/" + uma + "/profile", Map.of("email", "taken@example.test")), 409, "email_in_use");
            assertError(admin.put("/users/" + uma + "/profile", Map.of("email", "not-an-email")), 400, "invalid_email");
            assertError(admin.put("/users/" + uma + "/profile", Map.of("phone_number", "0151 123")), 400, "invalid_phone_number");
            assertError(admin.put("/users/" + uma + "/profile", Map.of("zoneinfo", "Mars/Olympus")), 400, "invalid_zoneinfo");
            assertError(admin.put("/users/" + uma + "/profile", Map.of("zoneinfo", "+02:00")), 400, "invalid_zoneinfo");
            assertError(admin.put("/users/" + uma + "/profile", Map.of("name", " ")), 400, "invalid_name");
            assertError(admin.put("/users/" + uma + "/profile", Map.of("name", "x".repeat(256))), 400, "invalid_name");
            assertError(admin.put("/users/" + uma + "/profile", Map.of("role", "ADMIN")), 400, "unknown_field");
            assertError(admin.raw("PUT", "/users/" + uma + "/profile", "text/plain", "{}"), 415, "unsupported_media_type");
            assertError(admin.raw("PUT", "/users/" + uma + "/profile", "application/json", "{"), 400, "invalid_json");
            // A refused edit changes nothing, not even the fields that were valid.
            assertError(admin.put("/users/" + uma + "/profile", Map.of("name", "Half Applied", "zoneinfo", "Nowhere")), 400, "invalid_zoneinfo");
            assertThat(admin.get("/users/" + uma).json().path("name").asText()).isEqualTo("Uma Renamed");
            assertThat(realm.apiAs("uma.new@example.test").put("/users/" + uma + "/profile", Map.of("name", "Self")).status())
                    .isEqualTo(403);
        }
    }

    @Test
    void theCountersAgreeWithTheListAfterEveryKindOfChange() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            Api admin = realm.apiAs("ada@example.test");
            String rex = realm.createUser("rex@example.test", "Rex Responder", "RESPONDER");
            assertCounts(admin, 2, 2, 0, 0);
            // An invitation through our API, one through the legacy fixture (the attribute only), a console user.
            String ivy = admin.post("/invitations", Map.of("email", "ivy@example.test", "name", "Ivy Invited", "role", "USER"))
                    .json().path("id").asText();
            LifecycleFixtures.invitedUser(realm, "ian@example.test", "Ian Invited", "RESPONDER");
            String legacy = LifecycleFixtures.legacyUser(realm, "legacy@example.test", true);
            assertCounts(admin, 5, 3, 2, 0);
            assertThat(admin.post("/users/" + rex + "/deactivate", null).status()).isEqualTo(200);
            assertCounts(admin, 5, 2, 2, 1);
            assertThat(admin.post("/users/" + rex + "/reactivate", null).status()).isEqualTo(200);
            assertCounts(admin, 5, 3, 2, 0);
            // Disabled in the Keycloak console (our listener syncs the status), then deleted there.
            org.keycloak.representations.idm.UserRepresentation off = realm.resource().users().get(legacy).toRepresentation();
            off.setEnabled(false);
            realm.resource().users().get(legacy).update(off);
            assertCounts(admin, 5, 2, 2, 1);
            realm.resource().users().delete(legacy).close();
            assertCounts(admin, 4, 2, 2, 0);
            // A revoked invitation deletes its person.
            assertThat(admin.delete("/invitations/" + ivy).status()).isEqualTo(200);
            assertCounts(admin, 3, 2, 1, 0);
            // The filters apply to the counters as to the list.
            JsonNode responders = admin.get("/users/counts?role=RESPONDER").json();
            assertThat(responders.path("total").asLong()).isEqualTo(ids(admin.get("/users?role=RESPONDER")).size()).isEqualTo(2);
            JsonNode searched = admin.get("/users/counts?search=ADA").json();
            assertThat(searched.path("total").asLong()).isEqualTo(1);
            assertThat(searched.path("active").asLong()).isEqualTo(1);
            assertThat(admin.get("/users/counts?role=OWNER").status()).isEqualTo(400);
            assertThat(realm.apiAs("rex@example.test").get("/users/counts").status()).isEqualTo(403);
        }
    }

    /** GET /users/counts, and the same numbers as the list's own length per status. */
    private static void assertCounts(Api admin, long total, long active, long invited, long disabled) {
        JsonNode counts = admin.get("/users/counts").json();
        assertThat(List.of(counts.path("total").asLong(), counts.path("active").asLong(), counts.path("invited").asLong(),
                counts.path("disabled").asLong())).as(counts.toString()).containsExactly(total, active, invited, disabled);
        assertThat(ids(admin.get("/users?max=100")).size()).isEqualTo(total);
        assertThat(ids(admin.get("/users?status=ACTIVE&max=100")).size()).isEqualTo(active);
        assertThat(ids(admin.get("/users?status=INVITED&max=100")).size()).isEqualTo(invited);
        assertThat(ids(admin.get("/users?status=DISABLED&max=100")).size()).isEqualTo(disabled);
    }

    private static void assertError(Http.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.json().path("error").asText()).isEqualTo(code);
    }

    /** The ids in the list's documented order: Keycloak's created timestamp descending, then id descending. */
    private static List<String> newestFirst(TestRealm realm, String... ids) {
        Comparator<String> byCreated = Comparator.comparing(
                id -> realm.resource().users().get(id).toRepresentation().getCreatedTimestamp());
        return Arrays.stream(ids).sorted(byCreated.thenComparing(Comparator.naturalOrder()).reversed()).toList();
    }

    private static List<String> ids(Http.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return StreamSupport.stream(reply.json().spliterator(), false).map(n -> n.path("id").asText()).toList();
    }
}
