package io.opsknight.identity.metrics;

import io.opsknight.identity.testsupport.PageClient;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Db;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.Scrape;
import io.opsknight.identity.testsupport.SmsGateway;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import io.opsknight.identity.testsupport.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our meters on Keycloak's own /metrics, read before and after each action a user or an attacker takes:
 * each counter and gauge moves as the monitoring page documents, tagged with the realm's name only.
 */
@OpsKnightIT
class MetricsIT {

    private static final String PASSWORD = "Fresh-Metrics-Pass-42";

    @Test
    void invitationFunnelAndEmailDeliveryAreCountedPerRealm() {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            String r = realm.name();
            realm.createUser("boss@example.test", "Boss", "ADMIN");
            Api boss = realm.apiAs("boss@example.test");
            Scrape before = Scrape.now();

            Http.Reply invited = boss.post("/invitations", Map.of("email", "new@example.test", "name", "New", "role", "USER"));
            assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
            awaitDelta(before, "opsknight_invitations_total", 1, "realm", r, "event", "created");
            mail.await(1);
            awaitDelta(before, "opsknight_outbox_messages_total", 1, "realm", r, "channel", "email", "outcome", "sent");
            awaitDelta(before, "opsknight_outbox_delivery_seconds_count", 1, "realm", r, "channel", "email");

            PageClient client = new PageClient();
            PageClient.Page form = client.open(invited.json().path("link").asText());
            assertThat(form.isInvitationForm()).as(form.toString()).isTrue();
            PageClient.Page done = client.acceptInvitation(form, "New Person", PASSWORD, PASSWORD);
            assertThat(done.status()).as(done.toString()).isLessThan(400);
            awaitDelta(before, "opsknight_invitations_total", 1, "realm", r, "event", "accepted");

            Http.Reply second = boss.post("/invitations", Map.of("email", "gone@example.test", "name", "Gone", "role", "USER"));
            assertThat(boss.delete("/invitations/" + second.json().path("id").asText()).status()).isLessThan(300);
            awaitDelta(before, "opsknight_invitations_total", 1, "realm", r, "event", "revoked");

            if (Db.readable()) {
                // An invitation past its expiry (moved there in the database): opening its link counts as expired.
                Http.Reply third = boss.post("/invitations", Map.of("email", "late@example.test", "name", "Late", "role", "USER"));
                Db.update("update OK_INVITATION set EXPIRES_AT = ? where ID = ?", 1L, third.json().path("id").asText());
                assertThat(new PageClient().open(third.json().path("link").asText()).invitationState()).isEqualTo("expired");
                awaitDelta(before, "opsknight_invitations_total", 1, "realm", r, "event", "expired");
            }

            Scrape after = Scrape.now();
            assertThat(delta(before, after, "opsknight_invitations_total", "realm", r, "event", "created"))
                    .isEqualTo(Db.readable() ? 3 : 2);
            // Bounded tags only: no address, user id or link anywhere in our series.
            assertThat(after.text()).doesNotContain("new@example.test").doesNotContain(invited.json().path("id").asText());
        }
    }

    @Test
    void aFailingWebhookReceiverShowsInBacklogFailuresAndDead() {
        try (TestRealm realm = TestRealm.create()) {
            String r = realm.name();
            var down = WebhookReceiver.answerRealm(r, aResponse().withStatus(503));
            try {
                Scrape before = Scrape.now();
                realm.createUser("hook@example.test", "Hook", "ADMIN");
                Api hook = realm.apiAs("hook@example.test");
                assertThat(hook.put("/me/preferences", Map.of("notify_email", false)).status()).isEqualTo(200);

                awaitAtLeast(before, "opsknight_outbox_messages_total", 1, "realm", r, "channel", "webhook", "outcome", "failed");
                // Both gauges from one scrape, while the deliveries are still being retried.
                await(() -> {
                    Scrape s = Scrape.now();
                    return Math.min(s.value("opsknight_outbox_pending", "realm", r, "channel", "webhook"),
                            s.value("opsknight_outbox_oldest_pending_age_seconds", "realm", r, "channel", "webhook"));
                }, v -> v > 0, "webhook backlog of realm " + r + " and its oldest message's age");
                // Five attempts 1-2 s apart, then DEAD; the backlog empties.
                awaitAtLeast(before, "opsknight_outbox_messages_total", 1, "realm", r, "channel", "webhook", "outcome", "dead");
                await(() -> Scrape.now().value("opsknight_outbox_pending", "realm", r, "channel", "webhook"), v -> v == 0,
                        "webhook backlog drained");
                assertThat(Scrape.now().value("opsknight_outbox_oldest_pending_age_seconds", "realm", r, "channel", "webhook")).isZero();
            } finally {
                WebhookReceiver.server().removeStub(down);
            }
        }
    }

    @Test
    void wrongSetupKeysAndTheLockoutAreCounted() {
        try (TestRealm realm = TestRealm.create()) {
            String r = realm.name();
            Scrape before = Scrape.now();
            SetupForm page = SetupForm.open(realm.apiUrl() + "/setup");
            // Five wrong keys from an address are free; the sixth starts its slowdown (counted as a lockout of
            // that address), and a wrong key within the delay is answered 429.
            for (int i = 0; i < 6; i++) {
                assertThat(page.submitKey("wrong-" + i)).isEqualTo(403);
            }
            assertThat(page.submitKey("wrong-again")).isEqualTo(429);
            Scrape after = Scrape.now();
            assertThat(delta(before, after, "opsknight_setup_key_refusals_total", "realm", r, "reason", "wrong")).isEqualTo(6);
            assertThat(delta(before, after, "opsknight_setup_key_refusals_total", "realm", r, "reason", "slowed")).isEqualTo(1);
            assertThat(delta(before, after, "opsknight_setup_lockouts_total", "realm", r)).isEqualTo(1);
            assertThat(delta(before, after, "opsknight_refusals_total", "realm", r, "status", "403", "reason", "wrong_setup_key")).isEqualTo(6);
            assertThat(delta(before, after, "opsknight_refusals_total", "realm", r, "status", "429", "reason", "setup_slowed")).isEqualTo(1);
        }
    }

    @Test
    void apiTokenExchangesAreCountedByOutcomeAndForbiddenCallsByReason() {
        try (TestRealm realm = TestRealm.create()) {
            String r = realm.name();
            realm.createUser("ops@example.test", "Ops", "ADMIN");
            realm.createUser("plain@example.test", "Plain", "USER");
            String token = realm.apiAs("ops@example.test").post("/me/api-tokens", Map.of("name", "ci", "expiresInDays", 1))
                    .json().path("token").asText();
            Scrape before = Scrape.now();

            assertThat(exchange(realm, token).status()).isEqualTo(200);
            assertThat(exchange(realm, "okp_notarealtoken").status()).isEqualTo(400);
            assertThat(realm.apiAs("plain@example.test").get("/users").status()).isEqualTo(403);

            Scrape after = Scrape.now();
            assertThat(delta(before, after, "opsknight_api_token_exchanges_total", "realm", r, "outcome", "issued")).isEqualTo(1);
            assertThat(delta(before, after, "opsknight_api_token_exchanges_total", "realm", r) - 1).as("refused").isEqualTo(1);
            assertThat(delta(before, after, "opsknight_refusals_total", "realm", r, "status", "403")).isEqualTo(1);
        }
    }

    @Test
    void smsSendsAreCountedByOutcome() {
        try (TestRealm realm = TestRealm.create()) {
            String r = realm.name();
            String broken = "+14155550177";
            String working = "+14155550178";
            SmsGateway.server().stubFor(post(urlEqualTo(SmsGateway.PATH)).withRequestBody(containing("To=%2B14155550177"))
                    .willReturn(aResponse().withStatus(500)));
            SmsGateway.server().stubFor(post(urlEqualTo(SmsGateway.PATH)).withRequestBody(containing("To=%2B14155550178"))
                    .willReturn(aResponse().withStatus(201).withBody("{}")));
            realm.createUser("sms-a@example.test", "A", "USER");
            realm.createUser("sms-b@example.test", "B", "USER");
            Api a = realm.apiAs("sms-a@example.test");
            Api b = realm.apiAs("sms-b@example.test");
            assertThat(a.put("/me/profile", Map.of("phone_number", broken)).status()).isEqualTo(200);
            assertThat(b.put("/me/profile", Map.of("phone_number", working)).status()).isEqualTo(200);
            Scrape before = Scrape.now();

            assertThat(a.post("/me/phone/verification", null).status()).isEqualTo(502);
            assertThat(b.post("/me/phone/verification", null).status()).isEqualTo(202);

            Scrape after = Scrape.now();
            assertThat(delta(before, after, "opsknight_sms_sends_total", "realm", r, "outcome", "failed")).isEqualTo(1);
            assertThat(delta(before, after, "opsknight_sms_sends_total", "realm", r, "outcome", "sent")).isEqualTo(1);
        }
    }

    @Test
    void revokedSessionsAreCountedOnce() {
        try (TestRealm realm = TestRealm.create()) {
            String r = realm.name();
            realm.createUser("many@example.test", "Many", "USER");
            realm.login("many@example.test");
            realm.login("many@example.test");
            Tokens current = realm.login("many@example.test");
            Scrape before = Scrape.now();
            Http.Reply ended = realm.api(current.accessToken()).delete("/me/sessions?scope=others");
            assertThat(ended.status()).as(ended.toString()).isLessThan(300);
            awaitDelta(before, "opsknight_sessions_revoked_total", 2, "realm", r);
        }
    }

    @Test
    void scrapesDuringEightParallelClientsNeverBlockThem() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("load@example.test", "Load", "ADMIN");
            Tokens tokens = realm.login("load@example.test");
            Api api = realm.api(tokens.accessToken());
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<long[]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(clients.submit(() -> {
                    long calls = 0;
                    long slowest = 0;
                    long failures = 0;
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        int status = api.get("/me").status();
                        slowest = Math.max(slowest, System.nanoTime() - t0);
                        failures += status == 200 ? 0 : 1;
                        calls++;
                    }
                    return new long[]{calls, slowest, failures};
                }));
            }
            long slowestScrape = 0;
            int scrapes = 0;
            boolean backlogShown = false;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                Scrape s = Scrape.now();
                slowestScrape = Math.max(slowestScrape, System.nanoTime() - t0);
                // A new realm's backlog gauges appear once a scrape has asked for a fresh reading.
                backlogShown |= s.has("opsknight_outbox_pending", "realm", realm.name());
                scrapes++;
            }
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            long calls = 0;
            for (Future<long[]> f : results) {
                long[] v = f.get();
                calls += v[0];
                assertThat(v[2]).as("failed calls").isZero();
                // Generous for a shared 2-core machine: a client stuck behind a scrape would wait far longer.
                assertThat(Duration.ofNanos(v[1])).as("slowest /me of a client").isLessThan(Duration.ofSeconds(5));
            }
            assertThat(calls).isGreaterThan(8);
            assertThat(scrapes).isGreaterThan(3);
            assertThat(backlogShown).as("the realm's backlog gauges during the run").isTrue();
            assertThat(Duration.ofNanos(slowestScrape)).as("slowest scrape").isLessThan(Duration.ofSeconds(5));
        }
    }

    // --- helpers ---

    private static Http.Reply exchange(TestRealm realm, String token) {
        return Http.form(realm.tokenUrl(), Map.of("grant_type", "urn:opsknight:params:oauth:grant-type:api-token",
                "client_id", "opsknight-api", "api_token", token));
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    /** Counters move when the change commits, gauges within their refresh interval: poll, never sleep blindly. */
    private static void awaitDelta(Scrape before, String name, double expected, String... labels) {
        awaitAtLeast(before, name, expected, labels);
        assertThat(delta(before, Scrape.now(), name, labels)).as(name + " " + String.join(",", labels)).isEqualTo(expected);
    }

    private static void awaitAtLeast(Scrape before, String name, double expected, String... labels) {
        double start = before.value(name, labels);
        await(() -> Scrape.now().value(name, labels) - start, v -> v >= expected, name + " " + String.join(",", labels) + " +" + expected);
    }

    private static void await(DoubleSupplier value, java.util.function.DoublePredicate done, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        double last;
        do {
            last = value.getAsDouble();
            if (done.test(last)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + ": still " + last);
    }

    /** The setup page of a realm without users: its CSRF cookie and field, and a submitted key. */
    private record SetupForm(String url, String cookie, String csrf) {
        private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
        private static final HttpClient CLIENT = HttpClient.newHttpClient();

        static SetupForm open(String url) {
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(url)).GET());
            String cookie = page.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("OPSKNIGHT_SETUP_CSRF="))
                    .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
            Matcher m = CSRF_FIELD.matcher(page.body());
            assertThat(m.find()).as(page.body()).isTrue();
            return new SetupForm(url, cookie, m.group(1));
        }

        int submitKey(String key) {
            String body = "email=" + Http.enc("first@example.test") + "&name=First&setupKey=" + Http.enc(key) + "&csrf=" + Http.enc(csrf);
            return send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie)
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)))
                    .statusCode();
        }

        private static HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return CLIENT.send(request.header("Accept", "text/html").timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
