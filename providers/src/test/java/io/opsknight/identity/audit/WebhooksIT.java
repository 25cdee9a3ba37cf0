package io.opsknight.identity.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.KeycloakServer;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.ServerLog;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.WebhookReceiver;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed lifecycle webhooks through the outbox: WireMock is the receiver (the test server sends every
 * event there, with 1-2 s retries and 5 attempts). Each test keys its stubs and its checks to its own
 * realm, since every test's events reach the same receiver.
 */
@OpsKnightIT
class WebhooksIT {

    private static final String ADMIN = "wh-admin@example.test";

    @Test
    void eachEventIsPostedOnceSignedWithItsId() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            String adminId = realm.createUser(ADMIN, "Admin", "ADMIN");
            String userId = realm.createUser("wh-user@example.test", "User", "USER");
            Api api = realm.apiAs(ADMIN);
            assertThat(api.put("/users/" + userId + "/role", Map.of("role", "RESPONDER")).status()).isEqualTo(200);

            ServeEvent delivery = awaitDelivered(userId, "user.role.changed", Duration.ofSeconds(20));
            byte[] body = delivery.getRequest().getBody();
            // The body-only signature, unchanged for existing receivers...
            assertThat(delivery.getRequest().getHeader(WebhookSignature.HEADER)).isEqualTo("sha256=" + hmac(body));
            // ...and V2, which signs the timestamp too: a receiver refuses one older than 5 minutes, so a
            // captured delivery cannot be replayed later with its signature.
            String timestamp = delivery.getRequest().getHeader(WebhookSignature.TIMESTAMP_HEADER);
            assertThat(Math.abs(Long.parseLong(timestamp) - System.currentTimeMillis() / 1000)).isLessThan(300);
            byte[] signed = (timestamp + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            assertThat(delivery.getRequest().getHeader(WebhookSignature.HEADER_V2)).isEqualTo("t=" + timestamp + ",sha256=" + hmac(signed));
            assertThat(delivery.getRequest().getHeader("Content-Type")).startsWith("application/json");
            JsonNode json = WebhookReceiver.body(delivery.getRequest());
            assertThat(json.fieldNames()).toIterable()
                    .containsExactly("id", "type", "time", "realm", "actor", "target", "details");
            assertThat(delivery.getRequest().getHeader(WebhookSignature.EVENT_ID_HEADER)).isEqualTo(json.path("id").asText());
            assertThat(json.path("realm").asText()).isEqualTo(realm.name());
            assertThat(json.path("actor").path("id").asText()).isEqualTo(adminId);
            assertThat(json.path("actor").path("email").asText()).isEqualTo(ADMIN);
            assertThat(json.path("target").path("id").asText()).isEqualTo(userId);
            assertThat(json.path("target").path("email").asText()).isEqualTo("wh-user@example.test");
            assertThat(json.path("details").path("to").asText()).isEqualTo("RESPONDER");

            // The same id as the audit trail's entry, and one delivery per id.
            JsonNode audited = api.get("/audit?type=user.role.changed&actor=" + adminId).json().get(0);
            assertThat(json.path("id").asText()).isEqualTo(audited.path("id").asText());
            Thread.sleep(1500); // a second delivery would come with the next poll (500 ms)
            assertThat(WebhookReceiver.served(userId, e -> json.path("id").asText().equals(e.getRequest().getHeader(WebhookSignature.EVENT_ID_HEADER))))
                    .hasSize(1);
        }
    }

    @Test
    void aFailingReceiverGetsRetriesThenTheEvent() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Admin", "ADMIN");
            String userId = realm.createUser("wh-flaky@example.test", "Flaky", "USER");
            StubMapping down = WebhookReceiver.answerRealm(realm.name(),
                    aResponse().withStatus(503));
            assertThat(realm.apiAs(ADMIN).post("/users/" + userId + "/deactivate", null).status()).isEqualTo(200);
            awaitAttempts(userId, 2, Duration.ofSeconds(20));
            WebhookReceiver.server().removeStub(down);

            ServeEvent delivered = awaitDelivered(userId, "user.deactivated", Duration.ofSeconds(20));
            List<ServeEvent> attempts = WebhookReceiver.served(userId, e -> "user.deactivated".equals(e.getRequest().getHeader(WebhookSignature.EVENT_TYPE_HEADER)));
            assertThat(attempts.size()).isGreaterThanOrEqualTo(3);
            // Every attempt is the same event: same id, same signed body.
            assertThat(attempts).extracting(e -> e.getRequest().getHeader(WebhookSignature.EVENT_ID_HEADER))
                    .containsOnly(delivered.getRequest().getHeader(WebhookSignature.EVENT_ID_HEADER));
            assertThat(attempts).extracting(e -> e.getResponse().getStatus()).containsOnly(503, 200);
            assertThat(attempts).filteredOn(e -> e.getResponse().getStatus() == 200).hasSize(1);
        }
    }

    @Test
    void aReceiverThatTimesOutGetsTheEventAgain() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Admin", "ADMIN");
            String userId = realm.createUser("wh-slow@example.test", "Slow", "USER");
            StubMapping slow = WebhookReceiver.answerRealm(realm.name(),
                    // 202, not 200: the journal records the answer the sender never waited for.
                    aResponse().withStatus(202).withFixedDelay(WebhookReceiver.TIMEOUT_MILLIS * 3));
            assertThat(realm.apiAs(ADMIN).put("/users/" + userId + "/role", Map.of("role", "ADMIN")).status()).isEqualTo(200);
            awaitAttempts(userId, 1, Duration.ofSeconds(20));
            WebhookReceiver.server().removeStub(slow);
            ServeEvent delivered = awaitDelivered(userId, "user.role.changed", Duration.ofSeconds(20));
            // The first attempt was abandoned by the sender at its timeout: at least two attempts in all.
            String eventId = delivered.getRequest().getHeader(WebhookSignature.EVENT_ID_HEADER);
            assertThat(WebhookReceiver.served(userId, e -> eventId.equals(e.getRequest().getHeader(WebhookSignature.EVENT_ID_HEADER))).size())
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void afterTheLastAttemptTheDeliveryIsDeadAndLogged() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Admin", "ADMIN");
            String userId = realm.createUser("wh-dead@example.test", "Dead", "USER");
            StubMapping broken = WebhookReceiver.answerRealm(realm.name(),
                    aResponse().withStatus(500));
            try {
                assertThat(realm.apiAs(ADMIN).post("/users/" + userId + "/deactivate", null).status()).isEqualTo(200);
                awaitAttempts(userId, WebhookReceiver.MAX_ATTEMPTS, Duration.ofSeconds(40));
                String eventId = WebhookReceiver.served(userId, e -> true).get(0).getRequest().getHeader(WebhookSignature.EVENT_ID_HEADER);
                ServerLog.await(Duration.ofSeconds(10), "event " + eventId + " to http://127.0.0.1:" + WebhookReceiver.server().port() + WebhookReceiver.PATH
                        + " is dead after " + WebhookReceiver.MAX_ATTEMPTS + " attempts");
                Thread.sleep(4000); // longer than the longest backoff: no attempt after the last
                assertThat(WebhookReceiver.served(userId, e -> true)).hasSize(WebhookReceiver.MAX_ATTEMPTS);
            } finally {
                WebhookReceiver.server().removeStub(broken);
            }
        }
    }

    /**
     * The outbox survives a crash: events owed to a receiver that is down while the server is killed
     * are delivered after the restart, each exactly once (no event lost, none made up).
     */
    @Test
    void aCrashInTheMiddleStillDeliversExactlyTheOwedEvents() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Admin", "ADMIN");
            List<String> users = List.of(
                    realm.createUser("wh-r1@example.test", "R1", "USER"),
                    realm.createUser("wh-r2@example.test", "R2", "USER"),
                    realm.createUser("wh-r3@example.test", "R3", "USER"));
            StubMapping down = WebhookReceiver.answerRealm(realm.name(),
                    aResponse().withStatus(503));
            Api api = realm.apiAs(ADMIN);
            for (String u : users) {
                assertThat(api.put("/users/" + u + "/role", Map.of("role", "RESPONDER")).status()).isEqualTo(200);
                assertThat(api.post("/users/" + u + "/deactivate", null).status()).isEqualTo(200);
            }
            Set<String> owed = java.util.stream.StreamSupport.stream(api.get("/audit?max=100").json().spliterator(), false)
                    .filter(e -> e.path("source").asText().equals("opsknight"))
                    .map(e -> e.path("id").asText()).collect(Collectors.toSet());
            String marker = "\"realm\":\"" + realm.name() + "\"";
            awaitAttempts(marker, 3, Duration.ofSeconds(20));

            KeycloakServer server = KeycloakServer.get();
            server.killHard();
            WebhookReceiver.server().removeStub(down);
            server.restart();

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (delivered(marker).size() < owed.size() && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            Thread.sleep(1500);
            List<String> deliveredIds = delivered(marker);
            assertThat(Set.copyOf(deliveredIds)).isEqualTo(owed);
            assertThat(deliveredIds).as("one 200 per event id").doesNotHaveDuplicates();
        }
    }

    private static List<String> delivered(String marker) {
        return WebhookReceiver.served(marker, e -> e.getResponse().getStatus() == 200).stream()
                .map(e -> e.getRequest().getHeader(WebhookSignature.EVENT_ID_HEADER)).toList();
    }

    private static ServeEvent awaitDelivered(String marker, String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<ServeEvent> ok = WebhookReceiver.served(marker, e -> e.getResponse().getStatus() == 200
                    && type.equals(e.getRequest().getHeader(WebhookSignature.EVENT_TYPE_HEADER)));
            if (!ok.isEmpty()) {
                return ok.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No delivery of " + type + " within " + timeout + "; received: " + WebhookReceiver.served(marker, e -> true).size());
    }

    private static void awaitAttempts(String marker, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (WebhookReceiver.served(marker, e -> true).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Fewer than " + count + " attempts within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WebhookReceiver.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
