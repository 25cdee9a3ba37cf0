package io.opsknight.identity.lifecycle;

import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Logins;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.ServerLog;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cause of SessionsIT's one-off "Invalid user credentials" / user_temporarily_disabled with no failed login
 * before it, made deterministic: Keycloak's blocking brute-force protector refuses a login of a user while
 * another login of that user is still being counted (see testsupport/Logins). Parallel logins always hit it;
 * back-to-back ones only when Keycloak's "bruteforce" executor lags, which is why the suite saw it once.
 */
@OpsKnightIT
class ConcurrentLoginIT {

    private static final int PARALLEL = 6;

    private static <T> List<T> atOnce(Callable<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void parallelLoginsOfOnePersonAreRefusedWithoutAnyFailedLogin() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            String id = realm.createUser("par@example.test", "Pat Parallel", "USER");
            List<Http.Reply> refused = new ArrayList<>();
            for (int round = 0; round < 3 && refused.isEmpty(); round++) {
                atOnce(() -> realm.passwordGrant("par@example.test", TestRealm.PASSWORD)).stream()
                        .filter(Logins::refusedAsInvalidCredentials).forEach(refused::add);
            }
            assertThat(refused).as("Keycloak refuses a login while another one of the same user is counted").isNotEmpty();
            // No password was wrong: Keycloak counted no failure, and its event names the brute-force guard.
            Map<String, Object> status = realm.resource().attackDetection().bruteForceUserStatus(id);
            assertThat(((Number) status.get("numFailures")).intValue()).isZero();
            assertThat(ServerLog.lines("type=\"LOGIN_ERROR\"", "realmName=\"" + realm.name() + "\"", "userId=\"" + id + "\"",
                    "error=\"user_temporarily_disabled\"")).isNotEmpty();
        }
    }

    @Test
    void theHarnessLoginGetsEveryDeviceInParallelAndBackToBack() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("dev@example.test", "Dee Devices", "USER");
            List<Tokens> parallel = atOnce(() -> realm.login("dev@example.test"));
            assertThat(parallel).hasSize(PARALLEL).allSatisfy(t -> assertThat(t.accessToken()).isNotBlank());
            for (int i = 0; i < 10; i++) {
                assertThat(realm.login("dev@example.test").accessToken()).isNotBlank();
            }
        }
    }
}
