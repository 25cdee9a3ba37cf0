package io.opsknight.identity.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.PageClient;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.opsknight.identity.cluster.ClusterNodes.a;
import static io.opsknight.identity.cluster.ClusterNodes.api;
import static io.opsknight.identity.cluster.ClusterNodes.b;
import static io.opsknight.identity.cluster.ClusterNodes.login;
import static io.opsknight.identity.cluster.ClusterNodes.passwordGrant;
import static io.opsknight.identity.cluster.ClusterNodes.realmUrl;
import static io.opsknight.identity.cluster.ClusterNodes.refresh;
import static io.opsknight.identity.cluster.ClusterNodes.userinfo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions, deactivation and role changes made on one node hold on the other at once.
 * <p>
 * Mechanisms: Keycloak keeps sessions in Infinispan's distributed {@code sessions} cache and users (with
 * their enabled flag and role mappings) in each node's {@code users} cache, which a change invalidates on
 * every node through the replicated {@code work} cache. Our code keeps no copy of its own. Each test first
 * warms node B's caches (a login or refresh there), so that with node-local caches
 * ({@code -Dit.cluster.cache=local}, the negative control) B answers from its stale copy and the test fails.
 */
@OpsKnightIT
class SessionsClusterIT {

    private static final String ADMIN = "ada@example.test";
    private static final String SAM = "sam@example.test";

    @Test
    void sessionStartedOnAIsListedRefreshedAndRevokedFromBAndAsRefreshDiesAtOnce() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            String samId = realm.createUser(SAM, "Sam User", "USER");
            Tokens onA = login(a(), realm, SAM);
            String sid = onA.access().path("sid").asText();
            Api adminOnB = api(b(), realm, login(b(), realm, ADMIN).accessToken());

            // Listed on B: by an admin, and by Sam himself with the token A issued.
            JsonNode listed = adminOnB.get("/users/" + samId + "/sessions").json();
            assertThat(ids(listed)).as("admin's list on B: %s", listed).contains(sid);
            JsonNode mine = api(b(), realm, onA.accessToken()).get("/me/sessions").json();
            assertThat(ids(mine)).as("Sam's own list on B: %s", mine).containsExactly(sid);
            assertThat(mine.get(0).path("current").asBoolean()).isTrue();

            // Refreshed on B.
            Http.Reply refreshedOnB = refresh(b(), realm, onA.refreshToken());
            assertThat(refreshedOnB.status()).as(refreshedOnB.toString()).isEqualTo(200);
            Tokens latest = Tokens.from(refreshedOnB);
            assertThat(latest.access().path("sid").asText()).isEqualTo(sid);
            // and again on A with what B issued: A sees B's refresh of the session.
            Http.Reply refreshedOnA = refresh(a(), realm, latest.refreshToken());
            assertThat(refreshedOnA.status()).as(refreshedOnA.toString()).isEqualTo(200);
            latest = Tokens.from(refreshedOnA);

            // Revoked on B: A refuses the refresh token and the access token at once.
            Http.Reply revoked = adminOnB.delete("/users/" + samId + "/sessions/" + sid);
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
            Http.Reply deadRefresh = refresh(a(), realm, latest.refreshToken());
            assertThat(deadRefresh.status()).as("refresh on A right after the revocation on B: %s", deadRefresh).isEqualTo(400);
            assertThat(deadRefresh.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(userinfo(a(), realm, latest.accessToken()).status()).isEqualTo(401);
            assertThat(api(a(), realm, latest.accessToken()).get("/me").status()).isEqualTo(401);
            assertThat(ids(adminOnB.get("/users/" + samId + "/sessions").json())).doesNotContain(sid);
            assertThat(ids(api(a(), realm, login(a(), realm, ADMIN).accessToken()).get("/users/" + samId + "/sessions").json()))
                    .doesNotContain(sid);
        }
    }

    @Test
    void sessionRevokedByItsOwnerOnBDiesOnA() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(SAM, "Sam User", "USER");
            Tokens phone = login(a(), realm, SAM);
            Tokens laptop = login(b(), realm, SAM);
            String phoneSid = phone.access().path("sid").asText();
            assertThat(refresh(a(), realm, phone.refreshToken()).status()).isEqualTo(200); // A holds it, warm

            // "Revoke all others" from the laptop, on B.
            Http.Reply others = api(b(), realm, laptop.accessToken()).delete("/me/sessions?scope=others");
            assertThat(others.status()).as(others.toString()).isEqualTo(200);
            assertThat(others.json().path("revoked").asInt()).isEqualTo(1);
            assertThat(refresh(a(), realm, phone.refreshToken()).status()).as("phone's refresh on A").isEqualTo(400);
            assertThat(refresh(a(), realm, laptop.refreshToken()).status()).as("the laptop's own session lives").isEqualTo(200);
            assertThat(ids(api(a(), realm, laptop.accessToken()).get("/me/sessions").json())).doesNotContain(phoneSid);
        }
    }

    @Test
    void deactivationOnARefusesTokensAndPagesOnBAtOnce() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            String samId = realm.createUser(SAM, "Sam User", "USER");
            // Warm B: Sam's session, his user entry, our API and a page load there.
            Tokens onB = login(b(), realm, SAM);
            onB = Tokens.from(refresh(b(), realm, onB.refreshToken()));
            assertThat(api(b(), realm, onB.accessToken()).get("/me").status()).isEqualTo(200);
            assertThat(userinfo(b(), realm, onB.accessToken()).status()).isEqualTo(200);

            Http.Reply deactivated = realm.apiAs(ADMIN).post("/users/" + samId + "/deactivate", Map.of());
            assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);

            Http.Reply refreshOnB = refresh(b(), realm, onB.refreshToken());
            assertThat(refreshOnB.status()).as("refresh on B: %s", refreshOnB).isEqualTo(400);
            assertThat(userinfo(b(), realm, onB.accessToken()).status()).isEqualTo(401);
            assertThat(api(b(), realm, onB.accessToken()).get("/me").status()).isEqualTo(401);
            Http.Reply grantOnB = passwordGrant(b(), realm, SAM, TestRealm.PASSWORD);
            assertThat(grantOnB.status()).as("password grant on B: %s", grantOnB).isEqualTo(400);
            assertThat(grantOnB.json().path("error_description").asText()).contains("deactivated");

            // The sign-in page on B: the right password leads to "deactivated", not into the account.
            PageClient browser = ClusterNodes.browserOn(b());
            PageClient.Page login = browser.open(realmUrl(b(), realm) + "/protocol/openid-connect/auth?client_id="
                    + TestRealm.TEST_CLIENT + "&response_type=code&scope=openid&redirect_uri=" + Http.enc(TestRealm.REDIRECT_URI));
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            PageClient.Page after = browser.submit(login, "kc-form-login", Map.of("username", SAM, "password", TestRealm.PASSWORD));
            assertThat(after.location()).as("no code for a deactivated user: %s", after).isNull();
            assertThat(after.body()).contains("data-status=\"DISABLED\"").contains("Your account is deactivated");
        }
    }

    @Test
    void roleChangesOnAShowInTheNextTokenOnB() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            String samId = realm.createUser(SAM, "Sam User", "USER");
            Tokens onB = login(b(), realm, SAM);
            assertThat(onB.access().path("opsknight_role").asText()).isEqualTo("USER");
            Api adminOnA = realm.apiAs(ADMIN);

            // Promotion on A: B's next refresh carries it.
            assertThat(adminOnA.put("/users/" + samId + "/role", Map.of("role", "RESPONDER")).status()).isEqualTo(200);
            Tokens promoted = Tokens.from(refresh(b(), realm, onB.refreshToken()));
            assertThat(promoted.access().path("opsknight_role").asText()).isEqualTo("RESPONDER");
            assertThat(permissions(promoted)).contains("incidents:acknowledge");

            // Demotion on A: B refuses the session's refresh at once, and B's next token says USER.
            assertThat(adminOnA.put("/users/" + samId + "/role", Map.of("role", "USER")).status()).isEqualTo(200);
            Http.Reply stale = refresh(b(), realm, promoted.refreshToken());
            assertThat(stale.status()).as("refresh on B after the demotion on A: %s", stale).isEqualTo(400);
            assertThat(api(b(), realm, promoted.accessToken()).get("/me").status()).isEqualTo(401);
            Tokens demoted = login(b(), realm, SAM);
            assertThat(demoted.access().path("opsknight_role").asText()).isEqualTo("USER");
            assertThat(permissions(demoted)).doesNotContain("incidents:acknowledge");
        }
    }

    private static List<String> permissions(Tokens tokens) {
        List<String> out = new ArrayList<>();
        tokens.access().path("opsknight_permissions").forEach(p -> out.add(p.asText()));
        return out;
    }

    private static List<String> ids(JsonNode sessions) {
        List<String> out = new ArrayList<>();
        sessions.forEach(s -> out.add(s.path("id").asText()));
        return out;
    }
}
