package io.opsknight.identity.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.PageClient;
import io.opsknight.identity.testsupport.TestRealm;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.opsknight.identity.cluster.ClusterNodes.a;
import static io.opsknight.identity.cluster.ClusterNodes.api;
import static io.opsknight.identity.cluster.ClusterNodes.b;
import static io.opsknight.identity.cluster.ClusterNodes.login;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kill -9 of node A while 200 invitations are sent to it. Node B keeps serving; after A
 * is back, every invitation the API answered 201 for exists exactly once (read through both nodes), none
 * twice, and every email the answers promised ({@code delivery: PENDING}) reached the SMTP server.
 * <p>
 * Mechanisms: the 201 is written only after Keycloak's transaction committed to the shared PostgreSQL
 * database with its email's outbox row (sent by A or B after the commit; rows A had claimed when it died
 * are free again when the claim's lease ends), and one address is one Keycloak user
 * (unique username) with at most one open invitation. An answer before the commit, or an email queued in
 * the node's memory instead of the database, is what a kill -9 loses: this test then fails.
 * Every webhook owed is sent too: the user.invited deliveries are outbox rows committed with the invitation
 * (point 5's exactly-once check is WebhooksClusterIT).
 */
@OpsKnightIT
class CrashClusterIT {

    private static final String ADMIN = "crash-admin@example.test";
    private static final int INVITATIONS = 200;
    private static final int CLIENTS = 8;

    @Test
    void killDashNineOfAWhileInvitingLosesNothingThatWasAnswered() throws Exception {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            realm.createUser(ADMIN, "Crash Admin", "ADMIN");
            Api onA = realm.apiAs(ADMIN);
            Api onB = api(b(), realm, login(b(), realm, ADMIN).accessToken());

            Map<String, String> answered = new ConcurrentHashMap<>();   // email -> invitation id, answered 201
            Set<String> emailsOwed = ConcurrentHashMap.newKeySet();      // 201 with delivery PENDING
            Map<String, String> links = new ConcurrentHashMap<>();      // email -> link of the answer (and of the email)
            AtomicInteger next = new AtomicInteger();
            CountDownLatch halfWay = new CountDownLatch(INVITATIONS / 2);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < INVITATIONS; i = next.getAndIncrement()) {
                        String email = "crash-" + i + "@example.test";
                        Http.Reply reply = quietly(() -> onA.post("/invitations", Map.of("email", email, "name", "Invitee", "role", "USER")));
                        if (reply != null && reply.status() == 201) {
                            answered.put(email, reply.json().path("id").asText());
                            links.put(email, reply.json().path("link").asText());
                            if ("PENDING".equals(reply.json().path("delivery").path("status").asText())) {
                                emailsOwed.add(email);
                            }
                            halfWay.countDown();
                        }
                    }
                });
            }
            assertThat(halfWay.await(3, TimeUnit.MINUTES)).as("half of the invitations answered before the kill").isTrue();
            a().killHard();
            pool.shutdown();
            assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
            System.out.printf("CrashClusterIT: %d of %d invitations answered 201 before node A died%n", answered.size(), INVITATIONS);

            // B serves while A is down.
            assertThat(onB.get("/invitations/" + answered.values().iterator().next()).status()).as("B while A is dead").isEqualTo(200);

            a().restart();

            Map<String, Integer> storedOnB = pendingByEmail(onB);
            Map<String, Integer> storedOnA = pendingByEmail(realm.apiAs(ADMIN));
            assertThat(storedOnA).as("both nodes read the same invitations").isEqualTo(storedOnB);
            for (Map.Entry<String, String> e : answered.entrySet()) {
                assertThat(storedOnB.get(e.getKey())).as("invitation of %s answered 201 exists exactly once", e.getKey()).isEqualTo(1);
            }
            assertThat(storedOnB.values()).as("no invitation stored twice").allMatch(n -> n == 1);
            assertThat(emailsOwed).as("the realm sends email: every 201 says so").hasSameSizeAs(answered.keySet());
            // An email A had claimed when it died is sent again once its lease (60 s) ends.
            long deadline = System.currentTimeMillis() + 150_000;
            while (!recipients(mail.received()).containsAll(emailsOwed) && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            Set<String> mailed = recipients(mail.received());
            assertThat(mailed).as("every email owed was sent").containsAll(emailsOwed);
            assertThat(answered).as("the load really ran before the kill").hasSizeGreaterThanOrEqualTo(INVITATIONS / 2);
            // Every webhook owed: the outbox rows committed with the invitations are sent by B's poll or by A
            // after its restart (rows A had claimed when it died are free again when the claim's lease ends).
            assertThat(invitedDelivered(realm, answered.keySet())).as("a user.invited webhook per invitation answered 201")
                    .containsAll(answered.keySet());

            // An invitation answered just before the kill is accepted through B and signs in on A.
            String last = answered.keySet().stream().max(java.util.Comparator.comparingInt(CrashClusterIT::number)).orElseThrow();
            PageClient browser = ClusterNodes.browserOn(b());
            PageClient.Page form = browser.open(links.get(last));
            PageClient.Page accepted = browser.submit(form, "opsknight-accept-invitation-form",
                    Map.of("name", "Late Invitee", "password", "Survivor-Pass-2026", "password-confirm", "Survivor-Pass-2026"));
            assertThat(accepted.status()).as("accepting %s: %s", last, accepted).isEqualTo(302);
            assertThat(ClusterNodes.passwordGrant(a(), realm, last, "Survivor-Pass-2026").status()).isEqualTo(200);
        }
    }

    private static Set<String> invitedDelivered(TestRealm realm, Set<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Set<String> targets = Set.of();
        while (System.nanoTime() < deadline) {
            targets = io.opsknight.identity.testsupport.WebhookReceiver.delivered(
                            io.opsknight.identity.testsupport.WebhookReceiver.realmMarker(realm.name())).stream()
                    .map(e -> io.opsknight.identity.testsupport.WebhookReceiver.body(e.getRequest()))
                    .filter(b -> b.path("type").asText().equals("user.invited"))
                    .map(b -> b.path("target").path("email").asText())
                    .collect(java.util.stream.Collectors.toSet());
            if (targets.containsAll(expected)) {
                break;
            }
            Thread.sleep(250);
        }
        return targets;
    }

    private static int number(String email) {
        return Integer.parseInt(email.replaceAll("\\D", ""));
    }

    /** PENDING invitations of this run, counted per email (paged). */
    private static Map<String, Integer> pendingByEmail(Api api) {
        Map<String, Integer> counts = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (int first = 0; ; first += 100) {
            Http.Reply reply = api.get("/invitations?status=PENDING&first=" + first + "&max=100");
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            JsonNode page = reply.json();
            JsonNode items = page.isArray() ? page : page.path("items");
            if (items.size() == 0) {
                return counts;
            }
            for (JsonNode item : items) {
                if (seen.add(item.path("id").asText())) {
                    counts.merge(item.path("email").asText(), 1, Integer::sum);
                }
            }
        }
    }

    private static Set<String> recipients(MimeMessage[] messages) throws MessagingException {
        Set<String> out = new HashSet<>();
        for (MimeMessage m : messages) {
            for (Address to : m.getAllRecipients()) {
                out.add(to.toString());
            }
        }
        return out;
    }

    /** A request whose connection the dying node cut is no answer (null), not a failure of the test. */
    private static Http.Reply quietly(java.util.function.Supplier<Http.Reply> request) {
        try {
            return request.get();
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
