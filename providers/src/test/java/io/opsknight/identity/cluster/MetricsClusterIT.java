package io.opsknight.identity.cluster;

import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.KeycloakServer;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.Scrape;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.DoublePredicate;

import static io.opsknight.identity.cluster.ClusterNodes.a;
import static io.opsknight.identity.cluster.ClusterNodes.api;
import static io.opsknight.identity.cluster.ClusterNodes.b;
import static io.opsknight.identity.cluster.ClusterNodes.login;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What docs/monitoring.md promises an operator of a cluster: both nodes report the same shared email backlog
 * (so {@code max()} over nodes is the backlog, never a multiple of it), while the counters are each node's own
 * (so {@code sum()} over nodes is the total).
 */
@OpsKnightIT
class MetricsClusterIT {

    private static final String ADMIN = "metrics-cluster-admin@example.test";
    private static final int ON_A = 3;
    private static final int ON_B = 2;

    @Test
    void bothNodesReportOneBacklogAndEachCountsItsOwnInvitations() throws Exception {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            String r = realm.name();
            realm.createUser(ADMIN, "Metrics Admin", "ADMIN");
            Api onA = realm.apiAs(ADMIN);
            Api onB = api(b(), realm, login(b(), realm, ADMIN).accessToken());
            Scrape beforeA = Scrape.of(a());
            Scrape beforeB = Scrape.of(b());
            mail.pause();
            for (int i = 0; i < ON_A + ON_B; i++) {
                Api node = i < ON_A ? onA : onB;
                var reply = node.post("/invitations", Map.of("email", "metrics-cluster-" + i + "@example.test",
                        "name", "Metrics " + i, "role", "USER"));
                assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
            }
            int all = ON_A + ON_B;

            // The backlog is the shared table's: each node reports all five, not the ones it wrote.
            awaitGauge(a(), r, v -> v == all);
            awaitGauge(b(), r, v -> v == all);

            // Counters are per node: A counted its three invitations, B its two.
            assertThat(delta(beforeA, Scrape.of(a()), r)).as("invitations counted on node A").isEqualTo(ON_A);
            assertThat(delta(beforeB, Scrape.of(b()), r)).as("invitations counted on node B").isEqualTo(ON_B);

            // Once the mail server is back, the backlog drains on both nodes' gauges.
            mail.resume();
            mail.await(all, 60);
            awaitGauge(a(), r, v -> v == 0);
            awaitGauge(b(), r, v -> v == 0);
        }
    }

    private static double delta(Scrape before, Scrape after, String realm) {
        return after.value("opsknight_invitations_total", "realm", realm, "event", "created")
                - before.value("opsknight_invitations_total", "realm", realm, "event", "created");
    }

    /** The gauge is refreshed in the background at most every 5 s: poll until it shows the expected value. */
    private static void awaitGauge(KeycloakServer node, String realm, DoublePredicate expected) throws InterruptedException {
        double last = Double.NaN;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            last = Scrape.of(node).value("opsknight_outbox_pending", "realm", realm, "channel", "email");
            if (expected.test(last)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("opsknight_outbox_pending{realm=" + realm + ",channel=email} on " + node.baseUrl()
                + " stayed at " + last);
    }
}
