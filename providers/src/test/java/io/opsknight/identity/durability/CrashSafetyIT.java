package io.opsknight.identity.durability;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.KeycloakServer;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person was told is saved stays saved: the server is killed (SIGKILL) or stopped (SIGTERM)
 * while eight clients send invitations, role changes and deactivations, then started again on the same
 * data. Every 201 and 200 the clients received must be there afterwards, exactly once.
 * <p>
 * On H2 this fails without {@code WRITE_DELAY=0} ({@code -Dit.h2.url-properties=} shows it): H2 then
 * writes committed transactions up to half a second later, and a crash drops them.
 */
@OpsKnightIT
class CrashSafetyIT {

    private static final String ADMIN = "crash-admin@example.test";
    private static final int INVITATIONS = 300;
    private static final int CLIENTS = 8;
    /** Users whose role is changed (to RESPONDER) or who are deactivated while the server dies. */
    private static final int TARGETS = 40;

    @Test
    void killDashNineLosesNothingThatWasAnswered() throws Exception {
        runUnderLoad(true);
    }

    @Test
    void gracefulStopUnderLoadAnswersNo5xxAndLosesNothing() throws Exception {
        runUnderLoad(false);
    }

    private void runUnderLoad(boolean crash) throws Exception {
        KeycloakServer server = KeycloakServer.get();
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Crash Admin", "ADMIN");
            List<String> targets = new ArrayList<>();
            for (int i = 0; i < TARGETS; i++) {
                targets.add(realm.createUser("target-" + i + "@example.test", "Target " + i, "USER"));
            }
            Api api = realm.apiAs(ADMIN);
            String tag = crash ? "kill" : "term";

            Map<String, String> invited = new ConcurrentHashMap<>(); // email -> invitation id, answered 201
            Set<String> promoted = ConcurrentHashMap.newKeySet();     // user ids, answered 200
            Set<String> deactivated = ConcurrentHashMap.newKeySet();  // user ids, answered 200
            List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger next = new AtomicInteger();
            CountDownLatch halfWay = new CountDownLatch(INVITATIONS / 2);

            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            long started = System.nanoTime();
            for (int c = 0; c < CLIENTS; c++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < INVITATIONS; i = next.getAndIncrement()) {
                        final int n = i;
                        String email = tag + "-" + n + "@example.test";
                        Http.Reply reply = quietly(() -> api.post("/invitations", Map.of("email", email, "name", "Invitee " + n, "role", "USER")));
                        if (reply == null) {
                            continue; // no answer: the server was gone, nothing was promised
                        }
                        if (reply.status() >= 500) {
                            serverErrors.add("POST /invitations " + reply);
                        } else if (reply.status() == 201) {
                            invited.put(email, reply.json().path("id").asText());
                            halfWay.countDown();
                        }
                        // Every seventh request also changes one of the prepared users, spread over the whole run.
                        if (n % 7 == 0 && n / 7 < TARGETS) {
                            String user = targets.get(n / 7);
                            boolean deactivate = (n / 7) % 2 == 0;
                            Http.Reply change = quietly(() -> deactivate
                                    ? api.post("/users/" + user + "/deactivate", Map.of())
                                    : api.put("/users/" + user + "/role", Map.of("role", "RESPONDER")));
                            if (change != null && change.status() >= 500) {
                                serverErrors.add((deactivate ? "deactivate " : "role ") + change);
                            } else if (change != null && change.status() == 200) {
                                (deactivate ? deactivated : promoted).add(user);
                            }
                        }
                    }
                });
            }

            assertThat(halfWay.await(5, TimeUnit.MINUTES)).as("half of the invitations answered").isTrue();
            double perSecond = (INVITATIONS / 2.0) / ((System.nanoTime() - started) / 1e9);
            if (crash) {
                server.killHard();
            } else {
                Duration down = server.terminate();
                assertThat(down).as("a graceful stop under load ends within 30 s").isLessThan(Duration.ofSeconds(30));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
            System.out.printf("CrashSafetyIT(%s): %.0f invitations/s before the stop; %d answered 201, %d promoted, %d deactivated%n",
                    tag, perSecond, invited.size(), promoted.size(), deactivated.size());

            server.restart();

            if (!crash) {
                assertThat(serverErrors).as("no request is answered 5xx during a graceful stop").isEmpty();
            }
            Api after = realm.apiAs(ADMIN);
            Map<String, Integer> stored = invitationsByEmail(after, tag);
            for (Map.Entry<String, String> e : invited.entrySet()) {
                assertThat(stored.get(e.getKey())).as("invitation of %s answered 201 exists exactly once", e.getKey()).isEqualTo(1);
                JsonNode one = after.get("/invitations/" + e.getValue()).json();
                assertThat(one.path("status").asText()).isEqualTo("PENDING");
            }
            assertThat(stored.values()).as("no invitation stored twice").allMatch(count -> count == 1);
            for (String email : invited.keySet()) {
                List<UserRepresentation> users = realm.resource().users().searchByEmail(email, true);
                assertThat(users).as("one INVITED user for " + email).hasSize(1);
                assertThat(users.get(0).getAttributes().get("opsknight_status")).containsExactly("INVITED");
            }
            for (String id : promoted) {
                assertThat(after.get("/users/" + id).json().path("role").asText()).as("promotion answered 200 kept").isEqualTo("RESPONDER");
            }
            for (String id : deactivated) {
                assertThat(after.get("/users/" + id).json().path("status").asText()).as("deactivation answered 200 kept").isEqualTo("DISABLED");
            }
            assertThat(invited).as("the load really ran before the stop").hasSizeGreaterThanOrEqualTo(INVITATIONS / 2);
        }
    }

    /** Every invitation of this run, counted per email (paged, PENDING ones). */
    private static Map<String, Integer> invitationsByEmail(Api api, String tag) {
        Map<String, Integer> counts = new HashMap<>();
        Set<String> seenIds = new HashSet<>();
        for (int first = 0; ; first += 100) {
            JsonNode page = api.get("/invitations?status=PENDING&first=" + first + "&max=100").json();
            JsonNode items = page.isArray() ? page : page.path("items");
            if (items.size() == 0) {
                break;
            }
            for (JsonNode item : items) {
                String email = item.path("email").asText();
                if (email.startsWith(tag + "-") && seenIds.add(item.path("id").asText())) {
                    counts.merge(email, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** A request whose connection the dying server cut is no answer (null), not a failure of the test. */
    private static Http.Reply quietly(java.util.function.Supplier<Http.Reply> request) {
        try {
            return request.get();
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
