package io.opsknight.identity.roles;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RoleScopeResource;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One role per user through the real server: PUT /users/{id}/role (promotion at next refresh, demotion
 * ends sessions, last-admin guard, bad input) and changes made by a console admin (admin REST API).
 */
@OpsKnightIT
class RolesIT {

    private static final AtomicInteger SEQ = new AtomicInteger();

    static TestRealm realm;
    static Api admin;

    @BeforeAll
    static void setUp() {
        realm = TestRealm.create();
        realm.createUser("admin@example.test", "Ada Admin", "ADMIN");
        realm.createUser("admin2@example.test", "Second Admin", "ADMIN");
        realm.createUser("responder@example.test", "Rex Responder", "RESPONDER");
        realm.createUser("user@example.test", "Uma User", "USER");
        admin = realm.apiAs("admin@example.test");
    }

    @AfterAll
    static void tearDown() {
        realm.close();
    }

    private static String email(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet() + "@example.test";
    }

    /** The OpsKnight realm roles the user holds directly, as the console shows them. */
    private static List<String> opsKnightRoles(TestRealm in, String userId) {
        return in.resource().users().get(userId).roles().realmLevel().listAll().stream()
                .map(RoleRepresentation::getName).filter(Role::isRoleName).sorted().toList();
    }

    private static RoleRepresentation role(TestRealm in, Role role) {
        return in.resource().roles().get(role.name()).toRepresentation();
    }

    private static RoleScopeResource realmRoles(TestRealm in, String userId) {
        return in.resource().users().get(userId).roles().realmLevel();
    }

    // --- PUT /users/{id}/role -------------------------------------------------------------------

    @Test
    void promotionShowsAtTheNextRefresh() {
        String mail = email("promoted");
        String id = realm.createUser(mail, "Pro Moted", "USER");
        Tokens before = realm.login(mail);
        assertThat(before.access().path("opsknight_role").asText()).isEqualTo("USER");

        Http.Reply reply = admin.put("/users/" + id + "/role", Map.of("role", "RESPONDER"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().path("id").asText()).isEqualTo(id);
        assertThat(reply.json().path("role").asText()).isEqualTo("RESPONDER");
        assertThat(reply.json().path("email").asText()).isEqualTo(mail);
        assertThat(opsKnightRoles(realm, id)).containsExactly("RESPONDER");
        // The session survives a promotion; the refreshed token carries the new powers.
        Tokens after = Tokens.from(realm.refresh(before.refreshToken()));
        assertThat(after.access().path("opsknight_role").asText()).isEqualTo("RESPONDER");
        assertThat(after.access().path("opsknight_permissions").toString()).contains("incidents:acknowledge");
        assertThat(after.id().path("opsknight_role").asText()).isEqualTo("RESPONDER");
        assertAuditEvents(realm, id, 1, "\"from\":\"USER\"", "\"to\":\"RESPONDER\"", "\"source\":\"api\"");
    }

    @Test
    void demotionEndsTheSessionsAtOnce() {
        String mail = email("demoted");
        String id = realm.createUser(mail, "De Moted", "RESPONDER");
        Tokens before = realm.login(mail);
        assertThat(realm.api(before.accessToken()).get("/me").status()).isEqualTo(200);

        Http.Reply reply = admin.put("/users/" + id + "/role", Map.of("role", "user"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().path("role").asText()).isEqualTo("USER");
        Http.Reply refresh = realm.refresh(before.refreshToken());
        assertThat(refresh.status()).as(refresh.toString()).isEqualTo(400);
        assertThat(refresh.json().path("error").asText()).isEqualTo("invalid_grant");
        // The access token issued before is dead too, not only the refresh token.
        assertThat(realm.api(before.accessToken()).get("/me").status()).isEqualTo(401);
        assertThat(realm.userinfo(before.accessToken()).status()).isEqualTo(401);
        assertThat(realm.login(mail).access().path("opsknight_role").asText()).isEqualTo("USER");
        assertThat(opsKnightRoles(realm, id)).containsExactly("USER");
    }

    @Test
    void sameRoleAgainChangesNothing() {
        String mail = email("same");
        String id = realm.createUser(mail, "Sam Same", "RESPONDER");
        Tokens before = realm.login(mail);
        int events = auditLines(realm, id);

        Http.Reply reply = admin.put("/users/" + id + "/role", Map.of("role", "RESPONDER"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(realm.refresh(before.refreshToken()).status()).isEqualTo(200);
        assertThat(auditLines(realm, id)).isEqualTo(events);
    }

    @Test
    void noOneChangesTheirOwnRoleThroughTheApi() {
        try (TestRealm solo = TestRealm.create()) {
            String lastId = solo.createUser("last@example.test", "Last Admin", "ADMIN");
            Tokens tokens = solo.login("last@example.test");
            Api last = solo.api(tokens.accessToken());

            // Alone, and also with a second ACTIVE admin: one's own role is another ADMIN's decision.
            for (boolean second : List.of(false, true)) {
                if (second) {
                    solo.createUser("next@example.test", "Next Admin", "ADMIN");
                }
                Http.Reply refused = last.put("/users/" + lastId + "/role", Map.of("role", "RESPONDER"));
                assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
                assertThat(refused.json().path("error").asText()).isEqualTo("cannot_change_own_role");
                assertThat(refused.json().path("message").asText()).isNotBlank();
                assertThat(opsKnightRoles(solo, lastId)).containsExactly("ADMIN");
            }
            assertThat(Tokens.from(solo.refresh(tokens.refreshToken())).access().path("opsknight_role").asText())
                    .isEqualTo("ADMIN");
            assertThat(auditLines(solo, lastId)).isEqualTo(1); // the console grant at creation, no refused PUT

            // The other ADMIN may demote them (and their session ends).
            Http.Reply ok = solo.apiAs("next@example.test").put("/users/" + lastId + "/role", Map.of("role", "RESPONDER"));
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            assertThat(opsKnightRoles(solo, lastId)).containsExactly("RESPONDER");
            assertThat(solo.refresh(tokens.refreshToken()).status()).isEqualTo(400);
        }
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        for (int round = 0; round < 3; round++) {
            try (TestRealm pair = TestRealm.create()) {
                String aId = pair.createUser("a@example.test", "Admin A", "ADMIN");
                String bId = pair.createUser("b@example.test", "Admin B", "ADMIN");
                Api a = pair.apiAs("a@example.test");
                Api b = pair.apiAs("b@example.test");
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                try {
                    var fa = pool.submit(() -> { go.await(); return a.put("/users/" + bId + "/role", Map.of("role", "USER")); });
                    var fb = pool.submit(() -> { go.await(); return b.put("/users/" + aId + "/role", Map.of("role", "USER")); });
                    go.countDown();
                    List<Integer> statuses = java.util.stream.Stream.of(fa.get(), fb.get()).map(Http.Reply::status).sorted().toList();
                    // Decided one after the other (a row lock on the ADMIN role): one wins; the other is the last
                    // admin (409), or was already demoted and signed out when its request was authenticated (401).
                    assertThat(statuses.get(0)).as("round %d: %s", round, statuses).isEqualTo(200);
                    assertThat(statuses.get(1)).as("round %d: %s", round, statuses).isIn(401, 409);
                } finally {
                    pool.shutdownNow();
                }
                long admins = java.util.stream.Stream.of(aId, bId).filter(id -> opsKnightRoles(pair, id).contains("ADMIN")).count();
                assertThat(admins).as("round %d", round).isEqualTo(1);
            }
        }
    }

    @Test
    void badInputIsRefusedWithJsonErrors() {
        String id = realm.createUser(email("target"), "Tar Get", "USER");
        String path = "/users/" + id + "/role";

        assertError(admin.put(path, Map.of("role", "SUPERUSER")), 400, "unknown_role");
        assertError(admin.put(path, Map.of("role", "")), 400, "missing_field");
        assertError(admin.put(path, Map.of()), 400, "missing_field");
        assertError(admin.put(path, Map.of("role", 3)), 400, "invalid_field");
        assertError(admin.put(path, Map.of("role", "ADMIN", "team", "x")), 400, "unknown_field");
        assertError(admin.raw("PUT", path, "application/json", null), 400, "missing_body");
        assertError(admin.raw("PUT", path, "application/json", "{\"role\": "), 400, "invalid_json");
        assertError(admin.raw("PUT", path, "application/json", "[\"ADMIN\"]"), 400, "invalid_json");
        assertError(admin.raw("PUT", path, "text/plain", "{\"role\":\"ADMIN\"}"), 415, "unsupported_media_type");
        assertError(admin.put("/users/no-such-user/role", Map.of("role", "ADMIN")), 404, "not_found");
        assertError(realm.apiAs("responder@example.test").put(path, Map.of("role", "ADMIN")), 403, "forbidden");
        assertError(realm.apiAs("user@example.test").put(path, Map.of("role", "ADMIN")), 403, "forbidden");
        assertError(realm.api(null).put(path, Map.of("role", "ADMIN")), 401, "unauthorized");
        // Nothing of the above changed the user.
        assertThat(opsKnightRoles(realm, id)).containsExactly("USER");
    }

    private static void assertError(Http.Reply reply, int status, String error) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        JsonNode json = reply.json();
        assertThat(json.path("error").asText()).as(reply.toString()).isEqualTo(error);
        assertThat(json.path("message").asText()).as(reply.toString()).isNotBlank();
    }

    // --- console (admin REST API) -------------------------------------------------------------

    @Test
    void consoleSecondRoleTheNewestWins() {
        String mail = email("console");
        String id = realm.createUser(mail, "Con Sole", "RESPONDER");
        Tokens before = realm.login(mail);

        realmRoles(realm, id).add(List.of(role(realm, Role.ADMIN)));

        assertThat(opsKnightRoles(realm, id)).containsExactly("ADMIN");
        // A promotion: the session lives on and shows the new role at the next refresh.
        assertThat(Tokens.from(realm.refresh(before.refreshToken())).access().path("opsknight_role").asText())
                .isEqualTo("ADMIN");
        assertThat(realm.login(mail).access().path("opsknight_role").asText()).isEqualTo("ADMIN");
        assertAuditEvents(realm, id, 2, "\"from\":\"RESPONDER\"", "\"to\":\"ADMIN\"", "\"source\":\"console\"");
    }

    @Test
    void consoleTwoRolesInOneRequestTheLastOneWins() {
        String mail = email("two");
        String id = realm.createUser(mail, "Two Roles", null);

        realmRoles(realm, id).add(List.of(role(realm, Role.ADMIN), role(realm, Role.RESPONDER)));

        assertThat(opsKnightRoles(realm, id)).containsExactly("RESPONDER");
        assertThat(realm.login(mail).access().path("opsknight_role").asText()).isEqualTo("RESPONDER");
    }

    @Test
    void consoleDemotionEndsTheSessions() {
        String mail = email("console-demoted");
        String id = realm.createUser(mail, "Con Demoted", "ADMIN");
        Tokens before = realm.login(mail);

        realmRoles(realm, id).add(List.of(role(realm, Role.USER)));

        assertThat(opsKnightRoles(realm, id)).containsExactly("USER");
        assertThat(realm.refresh(before.refreshToken()).status()).isEqualTo(400);
        assertThat(realm.login(mail).access().path("opsknight_role").asText()).isEqualTo("USER");
    }

    @Test
    void consoleRemovingAllRolesLeavesUser() {
        String mail = email("removed");
        String id = realm.createUser(mail, "Re Moved", "RESPONDER");
        Tokens before = realm.login(mail);

        realmRoles(realm, id).remove(List.of(role(realm, Role.RESPONDER)));

        // Counted as USER and mapped as USER, so realm_access says the same as opsknight_role.
        assertThat(opsKnightRoles(realm, id)).containsExactly("USER");
        assertThat(realm.refresh(before.refreshToken()).status()).isEqualTo(400);
        assertThat(realm.login(mail).access().path("opsknight_role").asText()).isEqualTo("USER");
        assertAuditEvents(realm, id, 2, "\"from\":\"RESPONDER\"", "\"to\":\"USER\"");
    }

    @Test
    void consoleNoOpsAreNoChange() {
        String mail = email("noop");
        String id = realm.createUser(mail, "No Op", "RESPONDER");
        Tokens before = realm.login(mail);
        int events = auditLines(realm, id);

        realmRoles(realm, id).add(List.of(role(realm, Role.RESPONDER)));  // already held
        realmRoles(realm, id).remove(List.of(role(realm, Role.ADMIN)));   // never held

        assertThat(opsKnightRoles(realm, id)).containsExactly("RESPONDER");
        assertThat(realm.refresh(before.refreshToken()).status()).isEqualTo(200);
        assertThat(auditLines(realm, id)).isEqualTo(events);
    }

    @Test
    void consoleCannotTakeAdminFromTheLastActiveAdmin() {
        try (TestRealm solo = TestRealm.create()) {
            String id = solo.createUser("only@example.test", "Only Admin", "ADMIN");
            // Removing ADMIN from a non-admin who never held it must not make them ADMIN.
            String other = solo.createUser("rex@example.test", "Rex", "RESPONDER");
            realmRoles(solo, other).remove(List.of(role(solo, Role.ADMIN)));
            assertThat(opsKnightRoles(solo, other)).containsExactly("RESPONDER");

            Tokens before = solo.login("only@example.test");

            realmRoles(solo, id).remove(List.of(role(solo, Role.ADMIN)));
            assertThat(opsKnightRoles(solo, id)).containsExactly("ADMIN");

            realmRoles(solo, id).add(List.of(role(solo, Role.RESPONDER)));
            assertThat(opsKnightRoles(solo, id)).containsExactly("ADMIN");

            Tokens after = Tokens.from(solo.refresh(before.refreshToken()));
            assertThat(after.access().path("opsknight_role").asText()).isEqualTo("ADMIN");
            // creation + two refusals, each recorded
            assertAuditEvents(solo, id, 3, "\"refused\":\"last_admin\"", "\"requested\":\"RESPONDER\"");
        }
    }

    // --- audit ------------------------------------------------------------------------------------

    /** The user's committed user.role.changed events, read through GET /audit (any database). */
    private static int auditLines(TestRealm in, String userId) {
        return in.auditCount(userId, "user.role.changed");
    }

    /** The user has {@code count} user.role.changed events, one of which carries all the given details. */
    private static void assertAuditEvents(TestRealm in, String userId, int count, String... details) {
        List<JsonNode> events = in.audit("user=" + userId + "&type=user.role.changed");
        assertThat(events).as("user.role.changed events of %s", userId).hasSize(count);
        if (details.length > 0) {
            assertThat(events).anySatisfy(e -> assertThat(e.path("details").toString()).contains(details));
        }
    }
}
