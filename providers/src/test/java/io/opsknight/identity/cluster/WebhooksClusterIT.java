package io.opsknight.identity.cluster;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.KeycloakServer;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.opsknight.identity.cluster.ClusterNodes.a;
import static io.opsknight.identity.cluster.ClusterNodes.api;
import static io.opsknight.identity.cluster.ClusterNodes.b;
import static io.opsknight.identity.cluster.ClusterNodes.login;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each event is delivered exactly once per id although both nodes run a webhook
 * sender, also when both find the same backlog at once (a receiver that was down comes back).
 * <p>
 * Mechanism: a node sends an outbox row only after its conditional update claimed it
 * ({@code claimedUntil <= now}, one row changed); the other node's update changes nothing and it skips
 * the row. Without the claim both nodes send the backlog and the receiver sees two 2xx for one id.
 */
@OpsKnightIT
class WebhooksClusterIT {

    private static final String ADMIN = "hooks-admin@example.test";
    private static final int USERS = 12;

    @Test
    void bothNodesSendAndEachEventArrivesOnce() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Hooks Admin", "ADMIN");
            List<String> users = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                users.add(realm.createUser("hooks-" + i + "@example.test", "Hooks " + i, "USER"));
            }
            Api onA = realm.apiAs(ADMIN);
            Api onB = api(b(), realm, login(b(), realm, ADMIN).accessToken());
            String marker = WebhookReceiver.realmMarker(realm.name());

            // 1. A healthy receiver: each node's commits wake its own sender.
            for (int i = 0; i < USERS / 2; i++) {
                Api node = i % 2 == 0 ? onA : onB;
                assertThat(node.put("/users/" + users.get(i) + "/role", Map.of("role", "RESPONDER")).status()).isEqualTo(200);
            }
            awaitDelivered(marker, owed(onA).size());
            assertThat(sentBy(a(), realm)).as("node A sent some").isPositive();
            assertThat(sentBy(b(), realm)).as("node B sent some").isPositive();

            // 2. The receiver is down while both nodes write events: a backlog that both senders poll.
            StubMapping down = WebhookReceiver.answerRealm(realm.name(),
                    aResponse().withStatus(503));
            for (int i = USERS / 2; i < USERS; i++) {
                Api node = i % 2 == 0 ? onA : onB;
                assertThat(node.put("/users/" + users.get(i) + "/role", Map.of("role", "RESPONDER")).status()).isEqualTo(200);
                assertThat(node.post("/users/" + users.get(i) + "/deactivate", null).status()).isEqualTo(200);
            }
            Thread.sleep(3000); // a few failed rounds on both nodes
            WebhookReceiver.server().removeStub(down);

            Set<String> owed = owed(onA);
            awaitDelivered(marker, owed.size());
            Thread.sleep(2000); // a duplicate would come with the next polls (500 ms)
            Map<String, Long> perId = WebhookReceiver.delivered(marker).stream()
                    .collect(Collectors.groupingBy(e -> e.getRequest().getHeader("X-OpsKnight-Event-Id"), Collectors.counting()));
            assertThat(perId.keySet()).as("every owed event delivered").isEqualTo(owed);
            assertThat(perId).as("one 2xx per event id").allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
        }
    }

    /** Our events of the realm, as the audit trail lists them (the same ids the deliveries carry). */
    private static Set<String> owed(Api api) {
        return StreamSupport.stream(api.get("/audit?max=100").json().spliterator(), false)
                .filter(e -> e.path("source").asText().equals("opsknight"))
                .map(e -> e.path("id").asText()).collect(Collectors.toSet());
    }

    private static void awaitDelivered(String marker, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (WebhookReceiver.delivered(marker).stream().map(e -> e.getRequest().getHeader("X-OpsKnight-Event-Id"))
                .distinct().count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Fewer than " + count + " events delivered within 60 s");
            }
            Thread.sleep(200);
        }
    }

    /** How many of the realm's deliveries the node's log records (the sender logs each at DEBUG). */
    private static long sentBy(KeycloakServer node, TestRealm realm) throws Exception {
        Set<String> ids = WebhookReceiver.delivered(WebhookReceiver.realmMarker(realm.name())).stream()
                .map(e -> e.getRequest().getHeader("X-OpsKnight-Event-Id")).collect(Collectors.toSet());
        return Files.readAllLines(node.log()).stream().filter(l -> l.contains("outbox webhook SENT ref="))
                .map(l -> l.replaceAll(".*outbox webhook SENT ref=(\\S+).*", "$1")).filter(ids::contains).count();
    }
}
