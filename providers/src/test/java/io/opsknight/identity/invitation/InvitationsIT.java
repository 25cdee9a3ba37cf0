package io.opsknight.identity.invitation;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Admin;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.PageClient;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.info.ServerInfoRepresentation;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The admin's side of invitations: POST, GET, resend, revoke, and every refusal. */
@OpsKnightIT
class InvitationsIT {

    static final String ADMIN = "ada@example.test";

    static Map<String, Object> body(String email, String name, String role) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("name", name);
        body.put("role", role);
        return body;
    }

    @Test
    void createReturnsTheInvitationWithLinkAndCreatesAnInvitedUser() {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Api api = realm.apiAs(ADMIN);
            Instant before = Instant.now();
            Http.Reply reply = api.post("/invitations", body("Uma@Example.test", "  Uma User ", "user"));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
            JsonNode json = reply.json();
            assertThat(reply.header("Location")).endsWith("/opsknight/invitations/" + json.path("id").asText());
            assertThat(json.path("email").asText()).isEqualTo("uma@example.test");
            assertThat(json.path("name").asText()).isEqualTo("Uma User");
            assertThat(json.path("role").asText()).isEqualTo("USER");
            assertThat(json.path("status").asText()).isEqualTo("PENDING");
            assertThat(json.path("link").asText()).contains("/realms/" + realm.name() + "/login-actions/action-token?key=");
            // Queued in the invitation's transaction, sent after the answer.
            assertThat(json.path("delivery").path("status").asText()).isEqualTo("PENDING");
            // The server option of the test server: 6 days (the default is 7).
            assertThat(Instant.parse(json.path("expiresAt").asText()))
                    .isCloseTo(before.plus(Duration.ofDays(6)), within(Duration.ofMinutes(2)));
            assertThat(mail.await(1)).hasSize(1);

            var user = realm.resource().users().get(json.path("userId").asText()).toRepresentation();
            assertThat(user.getEmail()).isEqualTo("uma@example.test");
            assertThat(user.isEnabled()).isFalse();
            assertThat(user.getAttributes().get("opsknight_status")).containsExactly("INVITED");
            // INVITED users get no token.
            assertThat(realm.passwordGrant("uma@example.test", TestRealm.PASSWORD).status()).isNotEqualTo(200);

            JsonNode one = api.get("/invitations/" + json.path("id").asText()).json();
            assertThat(one.path("email").asText()).isEqualTo("uma@example.test");
            assertThat(one.path("link").isTextual()).as("the link is shown once").isFalse();
        }
    }

    @Test
    void lifespanServerOptionIsReportedInServerInfo() {
        ServerInfoRepresentation info = Admin.client().serverInfo().getInfo();
        var provider = info.getProviders().get("actionTokenHandler").getProviders().get("opsknight-invitation");
        assertThat(provider).as("our handler is registered").isNotNull();
        assertThat(provider.getOperationalInfo()).containsEntry("lifespan-days", "6");
    }

    @Test
    void realmOverrideShortensTheLifespan() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            setLifespanOverride(realm, "3600");
            Instant before = Instant.now();
            JsonNode json = realm.apiAs(ADMIN).post("/invitations", body("short@example.test", "Short", "USER")).json();
            assertThat(Instant.parse(json.path("expiresAt").asText())).isCloseTo(before.plusSeconds(3600), within(Duration.ofMinutes(2)));
        }
    }

    @Test
    void onlyInvitersMayUseTheApi() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            realm.createUser("rob@example.test", "Rob Responder", "RESPONDER");
            realm.createUser("uwe@example.test", "Uwe User", "USER");
            String id = realm.apiAs(ADMIN).post("/invitations", body("x@example.test", "X", "USER")).json().path("id").asText();
            for (String who : new String[]{"rob@example.test", "uwe@example.test"}) {
                Api api = realm.apiAs(who);
                assertThat(api.post("/invitations", body("y@example.test", "Y", "USER")).status()).isEqualTo(403);
                assertThat(api.get("/invitations").status()).isEqualTo(403);
                assertThat(api.get("/invitations/" + id).status()).isEqualTo(403);
                assertThat(api.post("/invitations/" + id + "/resend", null).status()).isEqualTo(403);
                Http.Reply delete = api.delete("/invitations/" + id);
                assertThat(delete.status()).isEqualTo(403);
                assertThat(delete.json().path("error").asText()).isEqualTo("forbidden");
            }
            Api anonymous = realm.api(null);
            assertThat(anonymous.post("/invitations", body("y@example.test", "Y", "USER")).status()).isEqualTo(401);
            assertThat(anonymous.get("/invitations").status()).isEqualTo(401);
            assertThat(anonymous.delete("/invitations/" + id).status()).isEqualTo(401);
            // Nothing happened.
            assertThat(realm.apiAs(ADMIN).get("/invitations").json()).hasSize(1);
        }
    }

    @Test
    void everyValidationErrorIs400WithItsCode() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Api api = realm.apiAs(ADMIN);
            assertError(api.post("/invitations", body("not-an-email", "N", "USER")), 400, "invalid_email");
            assertError(api.post("/invitations", body("two@@example.test", "N", "USER")), 400, "invalid_email");
            assertError(api.post("/invitations", body("a b@example.test", "N", "USER")), 400, "invalid_email");
            assertError(api.post("/invitations", body("x".repeat(250) + "@example.test", "N", "USER")), 400, "invalid_email");
            assertError(api.post("/invitations", body(null, "N", "USER")), 400, "missing_field");
            assertError(api.post("/invitations", body("n@example.test", "", "USER")), 400, "missing_field");
            assertError(api.post("/invitations", body("n@example.test", "   ", "USER")), 400, "missing_field");
            assertError(api.post("/invitations", body("n@example.test", "x".repeat(256), "USER")), 400, "invalid_name");
            assertError(api.post("/invitations", body("n@example.test", "Tab\tName", "USER")), 400, "invalid_name");
            assertError(api.post("/invitations", body("n@example.test", "N", "OWNER")), 400, "invalid_role");
            assertError(api.post("/invitations", body("n@example.test", "N", null)), 400, "missing_field");
            Map<String, Object> extra = new HashMap<>(body("n@example.test", "N", "USER"));
            extra.put("password", "x");
            assertError(api.post("/invitations", extra), 400, "unknown_field");
            Map<String, Object> number = new HashMap<>(body("n@example.test", "N", "USER"));
            number.put("role", 3);
            assertError(api.post("/invitations", number), 400, "invalid_field");
            assertError(api.raw("POST", "/invitations", "application/json", "{oops"), 400, "invalid_json");
            assertError(api.raw("POST", "/invitations", "application/json", ""), 400, "missing_body");
            assertError(api.raw("POST", "/invitations", "text/plain", "{}"), 415, "unsupported_media_type");
            // A name of exactly 255 characters is fine.
            assertThat(api.post("/invitations", body("n@example.test", "x".repeat(255), "USER")).status()).isEqualTo(201);

            assertError(api.get("/invitations?status=LOST"), 400, "invalid_status");
            assertError(api.get("/invitations?max=abc"), 400, "invalid_max");
            assertError(api.get("/invitations?first=-1"), 400, "invalid_first");
            assertError(api.get("/invitations?max=0"), 400, "invalid_max");
            assertError(api.get("/invitations/no-such-id"), 404, "not_found");
            assertError(api.post("/invitations/no-such-id/resend", null), 404, "not_found");
            assertError(api.delete("/invitations/no-such-id"), 404, "not_found");
            String id = api.get("/invitations").json().get(0).path("id").asText();
            assertError(api.get("/invitations/" + id + "/nothing"), 404, "not_found");
            assertThat(api.get("/invitations").json()).hasSize(1);
        }
    }

    @Test
    void conflictsAre409() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            realm.createUser("active@example.test", "Active", "USER");
            Api api = realm.apiAs(ADMIN);
            assertError(api.post("/invitations", body("ACTIVE@example.test", "A", "USER")), 409, "user_exists");
            assertError(api.post("/invitations", body(ADMIN, "A", "ADMIN")), 409, "user_exists");
            assertThat(api.post("/invitations", body("new@example.test", "New", "USER")).status()).isEqualTo(201);
            assertError(api.post("/invitations", body("New@Example.test", "New", "ADMIN")), 409, "invitation_pending");
            // A deactivated user is not INVITED either.
            var disabled = realm.resource().users().search("active@example.test").get(0);
            disabled.setEnabled(false);
            realm.resource().users().get(disabled.getId()).update(disabled);
            assertError(api.post("/invitations", body("active@example.test", "A", "USER")), 409, "user_exists");
            assertThat(api.get("/invitations").json()).hasSize(1);
        }
    }

    @Test
    void listIsNewestFirstFilteredAndPaged() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Api api = realm.apiAs(ADMIN);
            Map<String, String> idOf = new HashMap<>();
            for (int i = 1; i <= 4; i++) {
                Http.Reply created = api.post("/invitations", body("p" + i + "@example.test", "P" + i, "USER"));
                assertThat(created.status()).isEqualTo(201);
                idOf.put("p" + i + "@example.test", created.json().path("id").asText());
            }
            assertThat(api.delete("/invitations/" + idOf.get("p4@example.test")).status()).isEqualTo(200);

            // Newest first, the id breaking ties of one millisecond: the expected order is computed from
            // the invitations' own createdAt, so the test does not depend on how fast they were made.
            JsonNode all = api.get("/invitations").json();
            List<String> order = newestFirst(all);
            assertThat(emails(all)).containsExactlyElementsOf(order).hasSize(4);
            assertThat(all.get(order.indexOf("p4@example.test")).path("status").asText()).isEqualTo("REVOKED");
            assertThat(all.get(0).path("link").isTextual()).isFalse();

            List<String> pendingOrder = order.stream().filter(e -> !e.equals("p4@example.test")).toList();
            assertThat(emails(api.get("/invitations?status=pending").json())).containsExactlyElementsOf(pendingOrder);
            assertThat(emails(api.get("/invitations?status=REVOKED").json())).containsExactly("p4@example.test");
            assertThat(api.get("/invitations?status=ACCEPTED").json()).isEmpty();
            assertThat(api.get("/invitations?status=EXPIRED").json()).isEmpty();

            assertThat(emails(api.get("/invitations?first=1&max=2").json())).containsExactlyElementsOf(order.subList(1, 3));
            // max is capped, not refused.
            assertThat(api.get("/invitations?max=100000").status()).isEqualTo(200);
        }
    }

    /** The documented resend path: find the user, status INVITED, click Resend. */
    @Test
    void anInvitedUsersRowLeadsToItsInvitationAndTheListFiltersByEmail() {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Api api = realm.apiAs(ADMIN);
            String uma = api.post("/invitations", body("uma@example.test", "Uma", "USER")).json().path("id").asText();
            String rex = api.post("/invitations", body("rex@example.test", "Rex", "RESPONDER")).json().path("id").asText();

            JsonNode invited = api.get("/users?status=INVITED&search=uma").json();
            assertThat(invited).hasSize(1);
            assertThat(invited.get(0).path("invitationId").asText()).isEqualTo(uma);
            String umaUser = invited.get(0).path("id").asText();
            assertThat(api.get("/users/" + umaUser).json().path("invitationId").asText()).isEqualTo(uma);
            // Only INVITED users carry one.
            JsonNode admin = api.get("/users?status=ACTIVE").json().get(0);
            assertThat(admin.has("invitationId")).as(admin.toString()).isFalse();

            // From the row to Resend.
            Http.Reply resent = api.post("/invitations/" + invited.get(0).path("invitationId").asText() + "/resend", null);
            assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
            assertThat(resent.json().path("resendCount").asInt()).isEqualTo(1);

            assertThat(emails(api.get("/invitations?email=" + Http.enc("Uma@Example.TEST")).json())).containsExactly("uma@example.test");
            assertThat(api.get("/invitations?email=" + Http.enc("rex@example.test")).json().get(0).path("id").asText()).isEqualTo(rex);
            assertThat(api.get("/invitations?email=nobody@example.test").json()).isEmpty();
            assertThat(api.delete("/invitations/" + rex).status()).isEqualTo(200);
            assertThat(api.get("/invitations?email=rex@example.test&status=PENDING").json()).isEmpty();
            assertThat(emails(api.get("/invitations?email=rex@example.test&status=REVOKED").json())).containsExactly("rex@example.test");
            assertError(api.get("/invitations?email=not-an-address"), 400, "invalid_email");
        }
    }

    private static List<String> emails(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false).map(n -> n.path("email").asText()).toList();
    }

    /** Emails in the list's documented order: createdAt descending, then id descending. */
    private static List<String> newestFirst(JsonNode list) {
        Comparator<JsonNode> key = Comparator.comparing((JsonNode n) -> Instant.parse(n.path("createdAt").asText()))
                .thenComparing(n -> n.path("id").asText());
        return StreamSupport.stream(list.spliterator(), false).sorted(key.reversed()).map(n -> n.path("email").asText()).toList();
    }

    @Test
    void pendingPastItsExpiryReadsExpiredAndCanBeResent() throws Exception {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            setLifespanOverride(realm, "2");
            Api api = realm.apiAs(ADMIN);
            JsonNode created = api.post("/invitations", body("late@example.test", "Late", "RESPONDER")).json();
            String id = created.path("id").asText();
            Thread.sleep(3000);
            assertThat(api.get("/invitations/" + id).json().path("status").asText()).isEqualTo("EXPIRED");
            assertThat(api.get("/invitations?status=EXPIRED").json()).extracting(n -> n.path("id").asText()).containsExactly(id);
            assertThat(api.get("/invitations?status=PENDING").json()).isEmpty();
            setLifespanOverride(realm, "3600");
            Http.Reply resent = api.post("/invitations/" + id + "/resend", null);
            assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
            JsonNode json = resent.json();
            assertThat(json.path("status").asText()).isEqualTo("PENDING");
            assertThat(json.path("resendCount").asInt()).isEqualTo(1);
            assertThat(json.path("link").asText()).isNotEqualTo(created.path("link").asText());
            assertThat(Instant.parse(json.path("expiresAt").asText())).isAfter(Instant.now().plusSeconds(3000));
            assertThat(json.path("delivery").path("status").asText()).isEqualTo("PENDING");
            assertThat(mail.await(2)).hasSize(2);
            assertThat(InvitationMail.of(mail.received()[1]).link()).isEqualTo(json.path("link").asText());
        }
    }

    @Test
    void reinvitingAnExpiredAddressReplacesTheOldInvitation() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            setLifespanOverride(realm, "1");
            Api api = realm.apiAs(ADMIN);
            JsonNode first = api.post("/invitations", body("again@example.test", "Again", "USER")).json();
            Thread.sleep(2000);
            setLifespanOverride(realm, "3600");
            JsonNode second = api.post("/invitations", body("again@example.test", "Again Two", "ADMIN")).json();
            assertThat(second.path("userId").asText()).as("same INVITED user").isEqualTo(first.path("userId").asText());
            assertThat(api.get("/invitations/" + first.path("id").asText()).json().path("status").asText()).isEqualTo("REVOKED");
            assertError(api.post("/invitations/" + first.path("id").asText() + "/resend", null), 409, "not_resendable");
        }
    }

    @Test
    void revokeDeletesTheInvitedUserAndFreesTheAddress() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Api api = realm.apiAs(ADMIN);
            JsonNode created = api.post("/invitations", body("gone@example.test", "Gone", "USER")).json();
            String id = created.path("id").asText();
            Http.Reply revoked = api.delete("/invitations/" + id);
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
            assertThat(revoked.json().path("status").asText()).isEqualTo("REVOKED");
            assertThat(revoked.json().path("userDeleted").asBoolean()).isTrue();
            assertThat(realm.resource().users().search("gone@example.test", true)).isEmpty();

            assertError(api.delete("/invitations/" + id), 409, "not_revocable");
            assertError(api.post("/invitations/" + id + "/resend", null), 409, "not_resendable");
            // The address can be invited again.
            assertThat(api.post("/invitations", body("gone@example.test", "Gone Again", "USER")).status()).isEqualTo(201);
        }
    }

    @Test
    void smtpDownStillCreatesTheInvitationAndTheLinkWorks() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            realm.useSmtp(Mail.freePort());

            Http.Reply reply = realm.apiAs(ADMIN).post("/invitations", body("nomail@example.test", "No Mail", "RESPONDER"));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
            JsonNode json = reply.json();
            // The answer does not wait for the mail server: the email is queued and retried.
            assertThat(json.path("delivery").path("status").asText()).isEqualTo("PENDING");
            assertThat(realm.apiAs(ADMIN).get("/invitations?status=PENDING").json()).hasSize(1);

            PageClient browser = new PageClient();
            PageClient.Page page = browser.open(json.path("link").asText());
            assertThat(page.hasForm(InvitationAcceptIT.ACCEPT_FORM)).as(page.toString()).isTrue();
            PageClient.Page done = InvitationAcceptIT.accept(browser, page, "No Mail", InvitationAcceptIT.NEW_PASSWORD, InvitationAcceptIT.NEW_PASSWORD);
            assertThat(done.status()).as(done.toString()).isEqualTo(302);
            // Into the OpsKnight web app (client opsknight-web's base URL).
            assertThat(done.location()).isEqualTo("http://localhost:3000/");
            assertThat(realm.passwordGrant("nomail@example.test", InvitationAcceptIT.NEW_PASSWORD).status()).isEqualTo(200);
        }
    }

    @Test
    void emailIsInTheInviteesLanguage() {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            RealmRepresentation rep = realm.resource().toRepresentation();
            rep.setDefaultLocale("de");
            realm.resource().update(rep);
            JsonNode json = realm.apiAs(ADMIN).post("/invitations", body("dora@example.test", "Dora", "ADMIN")).json();
            InvitationMail email = InvitationMail.of(mail.await(1)[0]);
            assertThat(email.subject()).isEqualTo("Ada Admin hat Sie zu OpsKnight eingeladen");
            assertThat(email.text()).contains("Hallo Dora", "als ADMIN beizutreten", "läuft am", " UTC ab");
            assertThat(email.html()).contains("Einladung annehmen");
            assertThat(email.link()).isEqualTo(json.path("link").asText());
        }
    }

    static void setLifespanOverride(TestRealm realm, String seconds) {
        RealmRepresentation rep = realm.resource().toRepresentation();
        Map<String, String> attributes = rep.getAttributes() == null ? new HashMap<>() : new HashMap<>(rep.getAttributes());
        attributes.put("actionTokenGeneratedByUserLifespan.opsknight-invitation", seconds);
        rep.setAttributes(attributes);
        realm.resource().update(rep);
    }

    static void assertError(Http.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.json().path("error").asText()).as(reply.toString()).isEqualTo(code);
        assertThat(reply.json().path("message").asText()).isNotBlank();
    }

    @Test
    void concurrentInvitesOfOneNewAddressMakeOneInvitation() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Api api = realm.apiAs(ADMIN);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                java.util.List<java.util.concurrent.Future<Http.Reply>> replies = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    replies.add(pool.submit(() -> api.post("/invitations", body("race@example.test", "Race", "USER"))));
                }
                java.util.List<Integer> statuses = new java.util.ArrayList<>();
                for (var f : replies) {
                    Http.Reply r = f.get();
                    statuses.add(r.status());
                    if (r.status() != 201) {
                        assertThat(r.json().path("error").asText()).as(r.toString()).isEqualTo("invitation_pending");
                    }
                }
                // Exactly one wins; every other is a clean 409, never a 500.
                assertThat(statuses).as(statuses.toString()).containsOnly(201, 409).containsOnlyOnce(201);
            } finally {
                pool.shutdownNow();
            }
            assertThat(realm.resource().users().search("race@example.test", true)).hasSize(1);
            assertThat(api.get("/invitations?status=PENDING").json().size()).isEqualTo(1);
        }
    }
}
