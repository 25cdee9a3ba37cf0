package io.opsknight.identity.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /audit: who did what to whom, readable by admins only, filtered and paged; Keycloak's logins too. */
@OpsKnightIT
class AuditIT {

    private static final String ADMIN = "au-admin@example.test";

    @Test
    void everyActionLeavesAnEventWithActorTargetAndEmail() {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            String adminId = realm.createUser(ADMIN, "Audrey Admin", "ADMIN");
            String userId = realm.createUser("au-user@example.test", "Ursula User", "USER");
            Api api = realm.apiAs(ADMIN);

            JsonNode invited = api.post("/invitations", Map.of("email", "au-new@example.test", "name", "New", "role", "RESPONDER")).json();
            String invitationId = invited.path("id").asText();
            String invitedUserId = invited.path("userId").asText();
            assertThat(api.post("/invitations/" + invitationId + "/resend", null).status()).isEqualTo(200);
            assertThat(api.delete("/invitations/" + invitationId).status()).isEqualTo(200);
            assertThat(api.put("/users/" + userId + "/role", Map.of("role", "RESPONDER")).status()).isEqualTo(200);
            assertThat(api.put("/users/" + userId + "/profile", Map.of("name", "Ursula U.")).status()).isEqualTo(200);
            assertThat(api.put("/users/" + userId + "/preferences", Map.of("incident_digest", "ALL")).status()).isEqualTo(200);
            assertThat(api.post("/users/" + userId + "/password-reset", null).status()).isEqualTo(200);
            assertThat(api.post("/users/" + userId + "/deactivate", null).status()).isEqualTo(200);
            assertThat(api.post("/users/" + userId + "/reactivate", null).status()).isEqualTo(200);
            JsonNode token = api.post("/me/api-tokens", Map.of("name", "ci", "expiresInDays", 30)).json();
            assertThat(api.delete("/me/api-tokens/" + token.path("id").asText()).status()).isEqualTo(204);

            List<JsonNode> onUser = list(api.get("/audit?user=" + userId + "&max=100"));
            assertThat(onUser).extracting(e -> e.path("type").asText()).containsExactly(
                    "user.reactivated", "user.deactivated", "user.password.reset", "user.preferences.updated",
                    "user.profile.updated", "user.role.changed");
            for (JsonNode e : onUser) {
                assertThat(e.path("source").asText()).isEqualTo("opsknight");
                assertThat(e.path("actor").path("id").asText()).isEqualTo(adminId);
                assertThat(e.path("actor").path("email").asText()).isEqualTo(ADMIN);
                assertThat(e.path("target").path("id").asText()).isEqualTo(userId);
                assertThat(e.path("target").path("email").asText()).isEqualTo("au-user@example.test");
                assertThat(e.path("ipAddress").asText()).isEqualTo("127.0.0.1");
                assertThat(Instant.parse(e.path("time").asText())).isBefore(Instant.now().plusSeconds(1));
            }
            JsonNode roleChange = onUser.get(5);
            assertThat(roleChange.path("details").path("from").asText()).isEqualTo("USER");
            assertThat(roleChange.path("details").path("to").asText()).isEqualTo("RESPONDER");

            // The invited user was deleted with the revocation: the trail still names the address.
            List<JsonNode> onInvited = list(api.get("/audit?user=" + invitedUserId));
            assertThat(onInvited).extracting(e -> e.path("type").asText())
                    .containsExactly("user.invite.revoked", "user.invite.resent", "user.invited");
            assertThat(onInvited).allSatisfy(e -> assertThat(e.path("target").path("email").asText()).isEqualTo("au-new@example.test"));

            List<JsonNode> tokens = list(api.get("/audit?type=api_token.created"));
            assertThat(tokens).hasSize(1);
            assertThat(tokens.get(0).path("target").path("id").asText()).isEqualTo(adminId);
        }
    }

    @Test
    void onlyAdminsReadTheTrail() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Admin", "ADMIN");
            realm.createUser("au-responder@example.test", "Responder", "RESPONDER");
            realm.createUser("au-plain@example.test", "User", "USER");
            for (String who : List.of("au-responder@example.test", "au-plain@example.test")) {
                Http.Reply reply = realm.apiAs(who).get("/audit");
                assertThat(reply.status()).as(who).isEqualTo(403);
                assertThat(reply.json().path("error").asText()).isEqualTo("forbidden");
            }
            assertThat(new Api(realm.apiUrl(), null).get("/audit").status()).isEqualTo(401);
            assertThat(realm.apiAs(ADMIN).get("/audit").status()).isEqualTo(200);
        }
    }

    @Test
    void filtersAndPagingNewestFirst() {
        try (TestRealm realm = TestRealm.create()) {
            String adminId = realm.createUser(ADMIN, "Admin", "ADMIN");
            String other = realm.createUser("au-other@example.test", "Other", "ADMIN");
            List<String> users = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                users.add(realm.createUser("au-p" + i + "@example.test", "P" + i, "USER"));
            }
            Api api = realm.apiAs(ADMIN);
            Instant before = Instant.now().minusMillis(5);
            for (String u : users) {
                assertThat(api.put("/users/" + u + "/role", Map.of("role", "RESPONDER")).status()).isEqualTo(200);
            }
            assertThat(realm.apiAs("au-other@example.test").put("/users/" + users.get(0) + "/role", Map.of("role", "USER")).status())
                    .isEqualTo(200);

            // The API's six, not the console's role grants of createUser.
            List<JsonNode> changes = list(api.get("/audit?type=user.role.changed")).stream()
                    .filter(e -> e.path("details").path("source").asText().equals("api")).toList();
            assertThat(changes).hasSize(6);
            // Newest first: the other admin's change, then the five in reverse order.
            assertThat(changes.get(0).path("actor").path("id").asText()).isEqualTo(other);
            assertThat(changes.subList(1, 6)).extracting(e -> e.path("target").path("id").asText())
                    .containsExactlyElementsOf(reversed(users));

            assertThat(list(api.get("/audit?type=user.role.changed&actor=" + adminId))).hasSize(5);
            assertThat(list(api.get("/audit?type=user.role.changed&actor=" + other))).hasSize(1);
            assertThat(list(api.get("/audit?type=user.role.changed&user=" + users.get(0)))).hasSize(2);

            List<JsonNode> page1 = list(api.get("/audit?type=user.role.changed&first=0&max=4"));
            List<JsonNode> page2 = list(api.get("/audit?type=user.role.changed&first=4&max=4"));
            assertThat(page1).hasSize(4);
            assertThat(page2).hasSize(4); // two of the API's and the two console grants
            assertThat(page2.get(3).path("target").path("email").asText()).isEqualTo(ADMIN);
            assertThat(ids(page1)).doesNotContainAnyElementsOf(ids(page2));
            assertThat(ids(page1).subList(0, 4)).isEqualTo(ids(changes).subList(0, 4));

            assertThat(list(api.get("/audit?type=user.role.changed&from=" + before))).hasSize(6);
            assertThat(list(api.get("/audit?type=user.role.changed"))).hasSize(8);
            assertThat(list(api.get("/audit?type=user.role.changed&to=" + before))).hasSize(2); // the console grants
            assertThat(list(api.get("/audit?type=user.role.changed&from=" + Instant.now().plusSeconds(60)))).isEmpty();

            assertError(api.get("/audit?type=user.exploded"), "invalid_type");
            assertError(api.get("/audit?from=yesterday"), "invalid_from");
            assertError(api.get("/audit?max=0"), "invalid_max");
            assertError(api.get("/audit?first=20000"), "invalid_first");
            assertError(api.get("/audit?from=2026-11-28&to=2026-11-27"), "invalid_range");
            assertThat(list(api.get("/audit?max=1000")).size()).isLessThanOrEqualTo(AuditFilter.MAX_PAGE);
        }
    }

    @Test
    void keycloakLoginsAndLoginFailuresAreInTheTrail() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Admin", "ADMIN");
            String userId = realm.createUser("au-login@example.test", "Login", "USER");
            assertThat(realm.passwordGrant("au-login@example.test", "not-the-password").json().path("error").asText())
                    .isEqualTo("invalid_grant");
            realm.login("au-login@example.test");

            Api api = realm.apiAs(ADMIN);
            List<JsonNode> logins = list(api.get("/audit?type=LOGIN&user=" + userId));
            assertThat(logins).hasSize(1);
            assertThat(logins.get(0).path("source").asText()).isEqualTo("keycloak");
            assertThat(logins.get(0).path("target").path("email").asText()).isEqualTo("au-login@example.test");
            assertThat(logins.get(0).path("details").path("clientId").asText()).isEqualTo(TestRealm.TEST_CLIENT);
            List<JsonNode> failures = list(api.get("/audit?type=LOGIN_ERROR&user=" + userId));
            assertThat(failures).hasSize(1);
            assertThat(failures.get(0).path("details").path("error").asText()).isEqualTo("invalid_user_credentials");
            // Unfiltered, both sources are merged newest first.
            List<JsonNode> all = list(api.get("/audit?user=" + userId));
            assertThat(all).extracting(e -> e.path("type").asText()).contains("LOGIN", "LOGIN_ERROR");
            List<Instant> times = all.stream().map(e -> Instant.parse(e.path("time").asText())).toList();
            assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
        }
    }

    @Test
    void anInvitationIsAKeycloakAdminEventToo() {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            String adminId = realm.createUser(ADMIN, "Admin", "ADMIN");
            JsonNode invited = realm.apiAs(ADMIN).post("/invitations",
                    Map.of("email", "au-ev@example.test", "name", "Eve", "role", "USER")).json();
            // Keycloak's query parameter takes only its own resource types: read the list and pick ours.
            List<AdminEventRepresentation> events = realm.resource().getAdminEvents().stream()
                    .filter(e -> "OPSKNIGHT_INVITATION".equals(e.getResourceType())).toList();
            assertThat(events).hasSize(1);
            AdminEventRepresentation event = events.get(0);
            assertThat(event.getOperationType()).isEqualTo("CREATE");
            assertThat(event.getAuthDetails().getUserId()).isEqualTo(adminId);
            assertThat(event.getResourcePath()).isEqualTo("opsknight/invitations");
            assertThat(event.getRepresentation()).contains("\"type\":\"user.invited\"").contains(invited.path("userId").asText());
        }
    }

    static List<JsonNode> list(Http.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return StreamSupport.stream(reply.json().spliterator(), false).toList();
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.path("id").asText()).toList();
    }

    private static void assertError(Http.Reply reply, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().path("error").asText()).isEqualTo(code);
    }
}
