package io.opsknight.identity.invitation;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.audit.WebhookSignature;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.PageClient;
import io.opsknight.identity.testsupport.Db;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.KeycloakServer;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.ServerLog;
import io.opsknight.identity.testsupport.SmtpGate;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.TestServerOptions;
import io.opsknight.identity.testsupport.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Invitation emails go through the outbox: written with the invitation, sent after the commit, retried while
 * the mail server is down, never sent for a dead link or a rolled-back invitation, never lost by a crash,
 * DEAD (with its event) after the last attempt, and visible as {@code delivery} in the API.
 */
@OpsKnightIT
class InvitationEmailOutboxIT {

    private static final String ADMIN = "outbox-admin@example.test";
    /** Invitations made while the mail server is down (the outage test). */
    private static final int OUTAGE = 200;
    /** Emails still queued when the server is killed. */
    private static final int QUEUED_AT_CRASH = 100;

    @Test
    void mailServerDownDuringInvitationsThenUpEveryInvitationGetsExactlyOneEmailWithItsLiveLink() throws Exception {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Api api = realm.apiAs(ADMIN);
            mail.pause();
            Map<String, String> links = new LinkedHashMap<>();
            for (int i = 0; i < OUTAGE; i++) {
                Http.Reply reply = api.post("/invitations", Map.of("email", "down-" + i + "@example.test", "name", "Down " + i, "role", "USER"));
                assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
                assertThat(reply.json().path("delivery").path("status").asText()).isEqualTo("PENDING");
                links.put("down-" + i + "@example.test", reply.json().path("link").asText());
            }
            // The admin sees that the emails are not out yet.
            awaitDeliveries(api, OUTAGE, d -> d.path("status").asText().equals("RETRYING"), 1);
            JsonNode retrying = deliveries(api).stream().filter(d -> d.path("status").asText().equals("RETRYING")).findFirst().orElseThrow();
            assertThat(retrying.path("lastError").asText()).isNotBlank();
            assertThat(retrying.path("sentAt").isNull()).isTrue();

            mail.resume();
            MimeMessage[] received = mail.await(OUTAGE, 120);
            Thread.sleep(2000); // a second copy would come with the next poll (500 ms)
            received = mail.received();
            Map<String, List<String>> linksByRecipient = new HashMap<>();
            for (MimeMessage m : received) {
                InvitationMail email = InvitationMail.of(m);
                linksByRecipient.computeIfAbsent(email.to(), k -> new java.util.ArrayList<>()).add(email.link());
            }
            assertThat(linksByRecipient).as("exactly one email per invitation").hasSize(OUTAGE)
                    .allSatisfy((to, l) -> assertThat(l).hasSize(1));
            PageClient browser = new PageClient();
            for (Map.Entry<String, String> e : links.entrySet()) {
                assertThat(linksByRecipient.get(e.getKey())).as("the emailed link is the answer's").containsExactly(e.getValue());
                assertThat(browser.open(e.getValue()).isInvitationForm()).as("the link of %s is live", e.getKey()).isTrue();
            }
            awaitDeliveries(api, OUTAGE, d -> d.path("status").asText().equals("SENT") && !d.path("sentAt").isNull(), OUTAGE);
        }
    }

    @Test
    void aResendWhileTheOldEmailIsQueuedSendsOnlyTheNewLink() throws Exception {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Api api = realm.apiAs(ADMIN);
            mail.pause();
            JsonNode created = api.post("/invitations", Map.of("email", "twice@example.test", "name", "Twice", "role", "USER")).json();
            Http.Reply resent = api.post("/invitations/" + created.path("id").asText() + "/resend", null);
            assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
            mail.resume();
            assertThat(resent.json().path("link").asText()).isNotEqualTo(created.path("link").asText());
            assertEmailedLinks(mail, resent.json().path("link").asText());
            assertThat(api.get("/invitations/" + created.path("id").asText()).json().path("delivery").path("status").asText())
                    .isEqualTo("SENT");
        }
    }

    /**
     * The old email is at the mail server (which hangs, then answers) when the admin resends: the resend waits
     * for it, so the old email leaves while its link is live and the new one follows. Without the wait the
     * old link died at once and its email still went out (CI saw it when the first email's rendering was slow).
     */
    @Test
    void aResendWhileTheOldEmailIsBeingSentWaitsForItSoNoEmailCarriesADeadLink() throws Exception {
        try (Mail mail = new Mail(); SmtpGate gate = new SmtpGate(mail.port()); TestRealm realm = TestRealm.create(mail)) {
            InFlight old = invitationWithItsEmailAtTheGate(realm, gate, "inflight@example.test");
            CompletableFuture<Http.Reply> resend = old.resendWhileHeld(500);
            assertThat(resend).as("the resend waits for the email being sent").isNotDone();
            gate.open();
            Http.Reply resent = resend.get(30, TimeUnit.SECONDS);
            assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
            assertEmailedLinks(mail, old.link(), resent.json().path("link").asText());
        }
    }

    /**
     * A mail server that hangs longer than H2's lock wait (2 s): on H2 the resend is refused with a clear 409
     * to try again (the old link stays live and its email leaves), on PostgreSQL it waits. No dead link either way.
     */
    @Test
    void aResendBehindAMailServerThatHangsIsRefusedOrWaitsNeverSendsADeadLink() throws Exception {
        try (Mail mail = new Mail(); SmtpGate gate = new SmtpGate(mail.port()); TestRealm realm = TestRealm.create(mail)) {
            InFlight old = invitationWithItsEmailAtTheGate(realm, gate, "hang@example.test");
            CompletableFuture<Http.Reply> resend = old.resendWhileHeld(3500);
            Http.Reply resent;
            if (Db.readable()) {
                assertThat(resend).as("PostgreSQL: the resend waits").isNotDone();
                gate.open();
                resent = resend.get(30, TimeUnit.SECONDS);
            } else {
                Http.Reply refused = resend.get(30, TimeUnit.SECONDS);
                assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
                assertThat(refused.json().path("error").asText()).isEqualTo("email_being_sent");
                gate.open();
                assertThat(InvitationMail.of(mail.await(1, 30)[0]).link()).as("the refused resend left the old link live")
                        .isEqualTo(old.link());
                assertThat(new PageClient().open(old.link()).isInvitationForm()).isTrue();
                resent = old.resend();
            }
            assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
            assertEmailedLinks(mail, old.link(), resent.json().path("link").asText());
        }
    }

    /** An invitation whose email is at the mail server behind {@code gate}, which holds it until opened. */
    private record InFlight(Api api, String id, String link) {
        Http.Reply resend() {
            return api.post("/invitations/" + id + "/resend", null);
        }

        /** A resend started now, looked at after {@code millis} (the gate still shut). */
        CompletableFuture<Http.Reply> resendWhileHeld(long millis) throws InterruptedException {
            CompletableFuture<Http.Reply> resend = CompletableFuture.supplyAsync(this::resend);
            Thread.sleep(millis);
            return resend;
        }
    }

    private static InFlight invitationWithItsEmailAtTheGate(TestRealm realm, SmtpGate gate, String email) throws Exception {
        realm.createUser(ADMIN, "Ada Admin", "ADMIN");
        realm.useSmtp(gate.port());
        Api api = realm.apiAs(ADMIN);
        JsonNode created = api.post("/invitations", Map.of("email", email, "name", "In Flight", "role", "USER")).json();
        gate.awaitConnections(1, Duration.ofSeconds(20));
        return new InFlight(api, created.path("id").asText(), created.path("link").asText());
    }

    /** The emails received, once no more come, carry exactly these links in this order. */
    private static void assertEmailedLinks(Mail mail, String... links) throws InterruptedException {
        mail.await(links.length, 30);
        Thread.sleep(1500); // a further email would be due within the 1 s backoff
        assertThat(mail.received()).extracting(m -> InvitationMail.of(m).link()).containsExactly(links);
    }

    @Test
    void withoutAMailServerTheInvitationSaysSoAndAResendAfterSetupSendsIt() throws Exception {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Api api = realm.apiAs(ADMIN);
            Http.Reply created = api.post("/invitations", Map.of("email", "nosmtp@example.test", "name", "No Smtp", "role", "USER"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().path("link").asText()).contains("action-token");
            JsonNode delivery = created.json().path("delivery");
            assertThat(delivery.path("status").asText()).isEqualTo("NOT_CONFIGURED");
            assertThat(delivery.path("lastError").asText()).contains("no mail server");
            String id = created.json().path("id").asText();
            assertThat(api.get("/invitations/" + id).json().path("delivery").path("status").asText()).isEqualTo("NOT_CONFIGURED");

            realm.useSmtp(mail.port());
            Http.Reply resent = api.post("/invitations/" + id + "/resend", null);
            assertThat(resent.json().path("delivery").path("status").asText()).isEqualTo("PENDING");
            assertThat(InvitationMail.of(mail.await(1, 20)[0]).link()).isEqualTo(resent.json().path("link").asText());
        }
    }

    @Test
    void afterTheLastAttemptTheEmailIsDeadWithItsEventAndWarning() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            realm.useSmtp(Mail.freePort());
            Api api = realm.apiAs(ADMIN);
            JsonNode created = api.post("/invitations", Map.of("email", "never@example.test", "name", "Never", "role", "USER")).json();
            String id = created.path("id").asText();
            String userId = created.path("userId").asText();
            JsonNode delivery = await(() -> api.get("/invitations/" + id).json().path("delivery"),
                    d -> d.path("status").asText().equals("DEAD"), Duration.ofSeconds(120));
            assertThat(delivery.path("attempts").asInt()).isEqualTo(TestServerOptions.EMAIL_MAX_ATTEMPTS);
            assertThat(delivery.path("lastError").asText()).isNotBlank();

            List<JsonNode> events = realm.audit("type=user.invite.email_failed&user=" + userId);
            assertThat(events).hasSize(1);
            assertThat(events.get(0).path("details").path("invitationId").asText()).isEqualTo(id);
            assertThat(events.get(0).path("details").path("attempts").asInt()).isEqualTo(TestServerOptions.EMAIL_MAX_ATTEMPTS);
            await(() -> WebhookReceiver.delivered(userId).stream()
                            .filter(e -> "user.invite.email_failed".equals(e.getRequest().getHeader(WebhookSignature.EVENT_TYPE_HEADER))).count(),
                    n -> n == 1, Duration.ofSeconds(30));
            assertThat(ServerLog.lines("WARN", "OpsKnight outbox: email message", "(ref " + id + ") is dead after "
                    + TestServerOptions.EMAIL_MAX_ATTEMPTS + " attempts")).hasSize(1);
            // Not a word of the address or the link in the log.
            assertThat(ServerLog.lines("never@example.test")).isEmpty();
        }
    }

    /** A change that rolls back sends nothing: the email row commits with the invitation or not at all. */
    @Test
    void aRolledBackInvitationSendsNothing() throws Exception {
        assumeTrue(Db.readable(), "makes the commit fail with a constraint on the outbox table (PostgreSQL runs only)");
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Db.update("alter table OK_OUTBOX add constraint CK_IT_ROLLBACK check (TARGET <> 'rollback@example.test')");
            try {
                Http.Reply reply = realm.apiAs(ADMIN).post("/invitations",
                        Map.of("email", "rollback@example.test", "name", "Rolled Back", "role", "USER"));
                assertThat(reply.status()).as(reply.toString()).isNotEqualTo(201);
            } finally {
                Db.update("alter table OK_OUTBOX drop constraint CK_IT_ROLLBACK");
            }
            Thread.sleep(2000);
            assertThat(mail.received()).isEmpty();
            assertThat(realm.apiAs(ADMIN).get("/invitations?email=rollback@example.test").json()).isEmpty();
        }
    }

    /** Emails queued when the server dies are sent after it is back: the queue is in the database. */
    @Test
    void killDashNineWithEmailsQueuedThenRestartAllArrive() throws Exception {
        KeycloakServer server = KeycloakServer.get();
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Api api = realm.apiAs(ADMIN);
            mail.pause();
            for (int i = 0; i < QUEUED_AT_CRASH; i++) {
                assertThat(api.post("/invitations", Map.of("email", "crash-" + i + "@example.test", "name", "Crash", "role", "USER"))
                        .status()).isEqualTo(201);
            }
            server.killHard();
            mail.resume();
            server.restart();
            mail.await(QUEUED_AT_CRASH, 120);
            Thread.sleep(2000);
            assertThat(StreamSupport.stream(java.util.Arrays.spliterator(mail.received()), false)
                    .map(m -> InvitationMail.of(m).to()).collect(Collectors.toSet())).hasSize(QUEUED_AT_CRASH);
            assertThat(mail.received()).hasSize(QUEUED_AT_CRASH);
        }
    }

    private static List<JsonNode> deliveries(Api api) {
        return StreamSupport.stream(api.get("/invitations?max=" + OUTAGE).json().spliterator(), false)
                .map(i -> i.path("delivery")).toList();
    }

    private static void awaitDeliveries(Api api, int invitations, Predicate<JsonNode> which, int atLeast) throws InterruptedException {
        await(() -> deliveries(api), ds -> ds.size() >= invitations && ds.stream().filter(which).count() >= atLeast,
                Duration.ofSeconds(90));
    }

    private static <T> T await(java.util.function.Supplier<T> read, Predicate<T> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Still not there after " + timeout + ": " + value);
            }
            Thread.sleep(200);
            value = read.get();
        }
        return value;
    }
}
