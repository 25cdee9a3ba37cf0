package io.opsknight.identity.cluster;

import io.opsknight.identity.testsupport.KeycloakServer;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.PageClient;
import io.opsknight.identity.testsupport.ServerLog;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.opsknight.identity.cluster.ClusterNodes.a;
import static io.opsknight.identity.cluster.ClusterNodes.b;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-admin page on two nodes. 16 people submit at once, half through each node,
 * with the setup key made by one node or the other: exactly one admin.
 * <p>
 * Mechanisms: the claim of setup is a primary-key row in OK_SETUP_CLAIM (SetupClaimStore) and the key's
 * digest is a row in OK_SETUP_KEY and the per-address wrong-key counter a row in OK_THROTTLE, all in the shared database. A claim or key
 * kept in a node's memory (or a check-then-insert without the key) makes two admins or refuses the other
 * node's key, and these tests fail.
 */
@OpsKnightIT
class SetupClusterIT {

    private static final String FORM = "opsknight-setup-form";

    @Test
    void sixteenSubmitsOverBothNodesMakeOneAdminWithTheKeyMadeOnB() throws Exception {
        raceWithKeyMadeOn(b(), a());
    }

    @Test
    void sixteenSubmitsOverBothNodesMakeOneAdminWithTheKeyMadeOnA() throws Exception {
        raceWithKeyMadeOn(a(), b());
    }

    @Test
    void wrongKeysOnBothNodesSlowTheAddressOnBothAndTheRightKeyStillWorks() {
        try (TestRealm realm = TestRealm.create()) {
            String key = keyMadeOn(a(), realm);
            for (int i = 0; i < 8; i++) {
                KeycloakServer node = i % 2 == 0 ? a() : b();
                PageClient visitor = ClusterNodes.browserOn(node);
                PageClient.Page form = visitor.open(setupUrl(realm));
                assertThat(form.status()).isEqualTo(200);
                // Five free wrong keys and a sixth that starts the delay, counted together in the database:
                // the seventh and eighth are slowed whichever node they reach.
                assertThat(visitor.submit(form, FORM, fields("slow@example.test", "wrong-" + i)).status())
                        .as("wrong key %d on node %s", i + 1, node.baseUrl()).isEqualTo(i < 6 ? 403 : 429);
            }
            // Never a lockout: the right key works on the other node at once.
            PageClient visitor = ClusterNodes.browserOn(b());
            PageClient.Page form = visitor.open(setupUrl(realm));
            assertThat(form.status()).isEqualTo(200);
            assertThat(visitor.submit(form, FORM, fields("slow@example.test", key)).status()).isEqualTo(200);
            assertThat(realm.resource().users().count()).isEqualTo(1);
        }
    }

    private static void raceWithKeyMadeOn(KeycloakServer maker, KeycloakServer other) throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            String key = keyMadeOn(maker, realm);
            assertThat(ServerLog.text(other)).as("the other node made no key of its own")
                    .doesNotContain("OpsKnight setup key for realm '" + realm.name() + "'");

            List<PageClient> visitors = new ArrayList<>();
            List<PageClient.Page> forms = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                PageClient visitor = ClusterNodes.browserOn(i % 2 == 0 ? a() : b());
                PageClient.Page form = visitor.open(setupUrl(realm));
                assertThat(form.status()).isEqualTo(200);
                visitors.add(visitor);
                forms.add(form);
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<PageClient.Page>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return visitors.get(n).submit(forms.get(n), FORM, fields("node-racer" + n + "@example.test", key));
                }));
            }
            start.countDown();
            List<PageClient.Page> replies = new ArrayList<>();
            for (Future<PageClient.Page> f : futures) {
                replies.add(f.get());
            }
            pool.shutdown();

            Map<Integer, Long> statuses = replies.stream().collect(Collectors.groupingBy(PageClient.Page::status, Collectors.counting()));
            assertThat(statuses.get(200)).as("exactly one admin made: %s", statuses).isEqualTo(1L);
            assertThat(statuses.keySet()).as("losers see 'already completed' (409, or 404 when late), never 403 or 500: %s", statuses)
                    .isSubsetOf(200, 404, 409);
            assertThat(realm.resource().users().count()).isEqualTo(1);
            // Closed on both nodes now.
            assertThat(ClusterNodes.browserOn(a()).open(setupUrl(realm)).status()).isEqualTo(404);
            assertThat(ClusterNodes.browserOn(b()).open(setupUrl(realm)).status()).isEqualTo(404);
        }
    }

    private static Map<String, String> fields(String email, String key) {
        return Map.of("email", email, "name", "Racer", "setupKey", key);
    }

    private static String setupUrl(TestRealm realm) {
        return a().baseUrl() + "/realms/" + realm.name() + "/opsknight/setup";
    }

    /** Opens the page on {@code node} first, so that node makes the realm's key; reads it from its log. */
    private static String keyMadeOn(KeycloakServer node, TestRealm realm) {
        assertThat(ClusterNodes.browserOn(node).open(setupUrl(realm)).status()).isEqualTo(200);
        Pattern logged = Pattern.compile("OpsKnight setup key for realm '" + Pattern.quote(realm.name()) + "': ([A-Za-z0-9]+)");
        for (int attempt = 0; attempt < 100; attempt++) {
            Matcher m = logged.matcher(ServerLog.text(node));
            if (m.find()) {
                return m.group(1);
            }
            sleep(100); // the log line is written asynchronously
        }
        throw new AssertionError("No setup key logged by " + node.log() + " for realm " + realm.name());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
