package io.opsknight.identity.apitoken;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.common.Digests;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Db;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.KeycloakServer;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.ServerLog;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal API tokens through the real server: the REST API, the OAuth exchange and its refusals,
 * revocation on deactivation and demotion, digest-only storage, and a server log that never shows a token.
 */
@OpsKnightIT
class ApiTokensIT {

    static final String GRANT = "urn:opsknight:params:oauth:grant-type:api-token";
    private static final Pattern ANY_TOKEN = Pattern.compile("okp_[0-9A-Za-z]{28}");
    /** Every token this class saw, for the log scan at the end. */
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @Test
    void adminCreatesListsExchangesAndRevokes() {
        try (TestRealm realm = TestRealm.create()) {
            String adaId = realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            Api ada = realm.apiAs("ada@example.test");
            int sessionsBefore = realm.resource().users().get(adaId).getUserSessions().size();

            Http.Reply created = ada.post("/me/api-tokens", Map.of("name", "deploy bot", "expiresInDays", 30));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            JsonNode json = created.json();
            String token = remember(json.path("token").asText());
            String id = json.path("id").asText();
            assertThat(token).matches("okp_[0-9A-Za-z]{28}");
            assertThat(json.path("name").asText()).isEqualTo("deploy bot");
            assertThat(json.path("prefix").asText()).isEqualTo(token.substring(0, 8));
            assertThat(Duration.between(Instant.now(), Instant.parse(json.path("expiresAt").asText())).toDays()).isBetween(29L, 30L);
            assertThat(created.header("Cache-Control")).contains("no-store");

            // The list never shows the token again.
            Http.Reply list = ada.get("/me/api-tokens");
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.body()).doesNotContain(token).doesNotContain(token.substring(8));
            assertThat(list.json()).hasSize(1);
            assertThat(list.json().get(0).path("id").asText()).isEqualTo(id);
            assertThat(list.json().get(0).path("prefix").asText()).isEqualTo(token.substring(0, 8));
            assertThat(list.json().get(0).has("lastUsedAt")).isTrue();
            assertThat(list.json().get(0).path("lastUsedAt").isNull()).isTrue();

            // One curl: the token becomes an access token with the owner's claims and OpsKnight's audience.
            Http.Reply exchanged = exchange(realm, token);
            assertThat(exchanged.status()).as(exchanged.toString()).isEqualTo(200);
            JsonNode answer = exchanged.json();
            assertThat(answer.has("refresh_token")).isFalse();
            assertThat(answer.path("expires_in").asInt()).isBetween(1, 900);
            assertThat(answer.path("token_type").asText()).isEqualToIgnoringCase("Bearer");
            JsonNode claims = Tokens.claims(answer.path("access_token").asText());
            assertThat(claims.path("sub").asText()).isEqualTo(adaId);
            assertThat(claims.path("azp").asText()).isEqualTo("opsknight-api");
            assertThat(audience(claims)).contains("opsknight");
            assertThat(claims.path("opsknight_role").asText()).isEqualTo("ADMIN");
            assertThat(claims.path("opsknight_permissions")).hasSize(21);
            assertThat(claims.path("email").asText()).isEqualTo("ada@example.test");
            assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isBetween(1L, 900L);
            assertThat(claims.has("sid")).as("a transient session has no id in the token").isFalse();

            // The access token works like any other: our API and Keycloak's userinfo.
            Http.Reply me = realm.api(answer.path("access_token").asText()).get("/me");
            assertThat(me.status()).as(me.toString()).isEqualTo(200);
            assertThat(me.json().path("email").asText()).isEqualTo("ada@example.test");
            // With scope=openid (as for any OIDC client) the token also opens Keycloak's userinfo.
            Http.Reply oidc = Http.form(realm.tokenUrl(), Map.of("grant_type", GRANT, "client_id", "opsknight-api",
                    "api_token", token, "scope", "openid"));
            assertThat(oidc.status()).as(oidc.toString()).isEqualTo(200);
            assertThat(oidc.json().has("refresh_token")).isFalse();
            assertThat(realm.userinfo(oidc.json().path("access_token").asText()).status()).isEqualTo(200);

            // last used: set by the first exchange, not rewritten within the minute.
            String lastUsed = ada.get("/me/api-tokens").json().get(0).path("lastUsedAt").asText(null);
            assertThat(lastUsed).isNotNull();
            for (int i = 0; i < 2; i++) {
                assertThat(exchange(realm, token).status()).isEqualTo(200);
            }
            assertThat(ada.get("/me/api-tokens").json().get(0).path("lastUsedAt").asText()).isEqualTo(lastUsed);

            // No pile of sessions: four exchanges left no session behind.
            assertThat(realm.resource().users().get(adaId).getUserSessions()).hasSize(sessionsBefore);

            // Revoke: the next exchange is refused, the list is empty.
            Http.Reply revoked = ada.delete("/me/api-tokens/" + id);
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
            assertInvalidGrant(exchange(realm, token), "revoked");
            assertThat(ada.get("/me/api-tokens").json()).isEmpty();
            assertThat(ada.delete("/me/api-tokens/" + id).status()).isEqualTo(404);

            assertThat(auditLines("api_token.created", adaId)).isEqualTo(1);
            assertThat(auditLines("api_token.revoked", adaId)).isEqualTo(1);
        }
    }

    @Test
    void everyRefusalOfTheExchange() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            Api ada = realm.apiAs("ada@example.test");
            String token = create(ada, "ci");

            Http.Reply missing = Http.form(realm.tokenUrl(), Map.of("grant_type", GRANT, "client_id", "opsknight-api"));
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().path("error").asText()).isEqualTo("invalid_request");
            assertThat(missing.json().path("error_description").asText()).contains("api_token");

            assertInvalidGrant(exchange(realm, "hello"), "malformed");
            assertInvalidGrant(exchange(realm, "ghp_" + token.substring(4)), "malformed");
            String typo = token.substring(0, 10) + (token.charAt(10) == 'a' ? 'b' : 'a') + token.substring(11);
            assertInvalidGrant(exchange(realm, typo), "checksum");
            String unknown = ApiTokenFormat.compose("Zz0123456789Zz01234567");
            assertInvalidGrant(exchange(realm, unknown), "not valid");

            // Another client of the realm cannot use the grant.
            Http.Reply otherClient = Http.form(realm.tokenUrl(), Map.of("grant_type", GRANT, "client_id", TestRealm.TEST_CLIENT,
                    "api_token", token));
            assertThat(otherClient.status()).isEqualTo(400);
            assertThat(otherClient.json().path("error").asText()).isEqualTo("unauthorized_client");
            assertThat(otherClient.body()).doesNotContain("access_token");

            // Expired (moved into the past behind the server's back: PostgreSQL only).
            if (Db.readable()) {
                assertExpiredIsRefused(realm, ada);
            }

            // The token still works after all that (the refusals above are fewer than the rate limit).
            assertThat(exchange(realm, token).status()).isEqualTo(200);
        }
    }

    /** Ada, Bob and Carl, all ADMIN; Bob and Carl each hold a token. */
    private record ThreeAdmins(String bobId, String carlId, String bobToken, String carlToken) {
        static ThreeAdmins of(TestRealm realm) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            String bobId = realm.createUser("bob@example.test", "Bob Admin", "ADMIN");
            String carlId = realm.createUser("carl@example.test", "Carl Admin", "ADMIN");
            return new ThreeAdmins(bobId, carlId, create(realm.apiAs("bob@example.test"), "bob"),
                    create(realm.apiAs("carl@example.test"), "carl"));
        }
    }

    private static void assertExpiredIsRefused(TestRealm realm, Api ada) throws Exception {
        String expiring = create(ada, "expiring");
        assertThat(exchange(realm, expiring).status()).isEqualTo(200);
        assertThat(Db.update("update OK_API_TOKEN set EXPIRES_AT = ? where ID = ?",
                System.currentTimeMillis() - 1000, idOf(ada, "expiring"))).isEqualTo(1);
        assertInvalidGrant(exchange(realm, expiring), "expired");
        JsonNode listed = find(ada.get("/me/api-tokens").json(), "expiring");
        assertThat(listed.path("expired").asBoolean()).isTrue();
    }

    @Test
    void ownersWhoAreNoLongerActiveAdminsAreRefusedEvenWhenTheirTokensWereNotRevoked() {
        try (TestRealm realm = TestRealm.create()) {
            ThreeAdmins admins = ThreeAdmins.of(realm);

            // Without our listeners (a realm set up by hand), console changes do not revoke: the exchange still refuses.
            RealmRepresentation rep = realm.resource().toRepresentation();
            rep.setEventsListeners(List.of("jboss-logging"));
            realm.resource().update(rep);
            var bob = realm.resource().users().get(admins.bobId());
            var user = bob.toRepresentation();
            user.setEnabled(false);
            bob.update(user);
            assertInvalidGrant(exchange(realm, admins.bobToken()), "not active");
            realm.resource().users().get(admins.carlId()).roles().realmLevel()
                    .remove(List.of(realm.resource().roles().get("ADMIN").toRepresentation()));
            assertInvalidGrant(exchange(realm, admins.carlToken()), "no longer an ADMIN");
        }
    }

    @Test
    void deactivationRevokesTheOwnersTokensAtOnce() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            String bobId = realm.createUser("bob@example.test", "Bob Admin", "ADMIN");
            Api bob = realm.apiAs("bob@example.test");
            String token = create(bob, "one");
            create(bob, "two");
            String accessToken = exchangeOk(realm, token);
            Api ada = realm.apiAs("ada@example.test");
            assertThat(ada.get("/users/" + bobId + "/api-tokens").json()).hasSize(2);

            assertThat(ada.post("/users/" + bobId + "/deactivate", null).status()).isEqualTo(200);

            assertInvalidGrant(exchange(realm, token), "revoked");
            assertThat(realm.api(accessToken).get("/me").status()).as("access token minted before").isEqualTo(401);
            assertThat(ada.get("/users/" + bobId + "/api-tokens").json()).isEmpty();
            assertThat(auditLines("api_token.revoked", bobId)).isEqualTo(2);

            // Reactivation does not bring the tokens back.
            assertThat(ada.post("/users/" + bobId + "/reactivate", null).status()).isEqualTo(200);
            assertInvalidGrant(exchange(realm, token), "revoked");
        }
    }

    @Test
    void switchingEnabledOffInTheConsoleRevokesTheOwnersTokens() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            String bobId = realm.createUser("bob@example.test", "Bob Admin", "ADMIN");
            String token = create(realm.apiAs("bob@example.test"), "one");
            assertThat(exchange(realm, token).status()).isEqualTo(200);

            var bob = realm.resource().users().get(bobId);
            var user = bob.toRepresentation();
            user.setEnabled(false);
            bob.update(user);

            assertInvalidGrant(exchange(realm, token), "revoked");
            assertThat(auditLines("api_token.revoked", bobId)).isEqualTo(1);
        }
    }

    @Test
    void demotionRevokesTheOwnersTokensThroughTheApiAndTheConsole() {
        try (TestRealm realm = TestRealm.create()) {
            ThreeAdmins admins = ThreeAdmins.of(realm);
            assertThat(exchange(realm, admins.bobToken()).status()).isEqualTo(200);
            Api ada = realm.apiAs("ada@example.test");

            Http.Reply demoted = ada.put("/users/" + admins.bobId() + "/role", Map.of("role", "RESPONDER"));
            assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);
            assertInvalidGrant(exchange(realm, admins.bobToken()), "revoked");
            assertThat(ada.get("/users/" + admins.bobId() + "/api-tokens").json()).isEmpty();
            // Promoted again: still revoked.
            assertThat(ada.put("/users/" + admins.bobId() + "/role", Map.of("role", "ADMIN")).status()).isEqualTo(200);
            assertInvalidGrant(exchange(realm, admins.bobToken()), "revoked");

            // The console: giving Carl USER takes ADMIN away (the listener keeps one role).
            realm.resource().users().get(admins.carlId()).roles().realmLevel()
                    .add(List.of(realm.resource().roles().get("USER").toRepresentation()));
            assertInvalidGrant(exchange(realm, admins.carlToken()), "revoked");
        }
    }

    @Test
    void onlyAdminsHaveTokensAndInputIsChecked() {
        try (TestRealm realm = TestRealm.create()) {
            String adaId = realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            String bobId = realm.createUser("bob@example.test", "Bob Admin", "ADMIN");
            realm.createUser("rita@example.test", "Rita Responder", "RESPONDER");
            Api ada = realm.apiAs("ada@example.test");
            Api bob = realm.apiAs("bob@example.test");
            Api rita = realm.apiAs("rita@example.test");

            assertThat(rita.post("/me/api-tokens", Map.of("name", "x")).status()).isEqualTo(403);
            assertThat(rita.get("/me/api-tokens").status()).isEqualTo(403);
            assertThat(rita.get("/users/" + adaId + "/api-tokens").status()).isEqualTo(403);
            assertThat(realm.api(null).get("/me/api-tokens").status()).isEqualTo(401);

            assertError(ada.post("/me/api-tokens", Map.of("expiresInDays", 5)), 400, "missing_field");
            assertError(ada.post("/me/api-tokens", Map.of("name", "  ")), 400, "missing_field");
            assertError(ada.post("/me/api-tokens", Map.of("name", "x".repeat(101))), 400, "invalid_name");
            assertError(ada.post("/me/api-tokens", Map.of("name", "a", "expiresInDays", 0)), 400, "invalid_field");
            assertError(ada.post("/me/api-tokens", Map.of("name", "a", "expiresInDays", 367)), 400, "invalid_field");
            assertError(ada.post("/me/api-tokens", Map.of("name", "a", "expiresInDays", "ten")), 400, "invalid_field");
            assertError(ada.post("/me/api-tokens", Map.of("name", "a", "scope", "all")), 400, "unknown_field");
            assertError(ada.raw("POST", "/me/api-tokens", "text/plain", "name=a"), 415, "unsupported_media_type");

            Http.Reply longest = ada.post("/me/api-tokens", Map.of("name", "n".repeat(100), "expiresInDays", 366));
            assertThat(longest.status()).isEqualTo(201);
            remember(longest.json().path("token").asText());
            Http.Reply defaults = ada.post("/me/api-tokens", Map.of("name", "defaults"));
            assertThat(defaults.status()).isEqualTo(201);
            remember(defaults.json().path("token").asText());
            assertThat(Duration.between(Instant.now(), Instant.parse(defaults.json().path("expiresAt").asText())).toDays())
                    .isBetween(89L, 90L);
            assertError(ada.post("/me/api-tokens", Map.of("name", "Defaults")), 409, "name_in_use");
            // Bob may use the same name: unique per user.
            String bobToken = create(bob, "defaults");

            // Someone else's token id is unknown on /me; an admin revokes it through /users/{id}.
            String bobTokenId = idOf(bob, "defaults");
            assertThat(ada.delete("/me/api-tokens/" + bobTokenId).status()).isEqualTo(404);
            assertThat(exchange(realm, bobToken).status()).isEqualTo(200);
            assertThat(ada.delete("/users/" + adaId + "/api-tokens/" + bobTokenId).status()).isEqualTo(404);
            assertThat(ada.post("/users/" + bobId + "/api-tokens", Map.of("name", "for bob")).status()).isEqualTo(405);
            assertThat(ada.get("/users/" + bobId + "/api-tokens").json()).hasSize(1);
            assertThat(ada.delete("/users/" + bobId + "/api-tokens/" + bobTokenId).status()).isEqualTo(204);
            assertInvalidGrant(exchange(realm, bobToken), "revoked");
            assertThat(auditLines("api_token.revoked", bobId)).isEqualTo(1);
            // Revoked names are free again.
            create(bob, "defaults");
            assertThat(ada.get("/me/api-tokens/nope/more").status()).isEqualTo(404);
        }
    }

    @Test
    void wrongTokensHitARateLimitPerAddressButAValidTokenStillExchanges() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            String token = create(realm.apiAs("ada@example.test"), "ci");
            int firstLimited = -1;
            Http.Reply limited = null;
            for (int attempt = 1; attempt <= 25 && firstLimited < 0; attempt++) {
                Http.Reply reply = exchange(realm, "okp_garbage" + attempt);
                if (reply.status() == 429) {
                    firstLimited = attempt;
                    limited = reply;
                } else {
                    assertThat(reply.json().path("error").asText()).isEqualTo("invalid_grant");
                }
            }
            // Ten wrong tokens a minute per address; the 11th is refused (a window that ends meanwhile may reset once).
            assertThat(firstLimited).isBetween(11, 21);
            assertThat(limited.json().path("error").asText()).isEqualTo("slow_down");
            int retryAfter = Integer.parseInt(limited.header("Retry-After"));
            assertThat(retryAfter).isBetween(1, 60);
            // Behind a NAT or proxy every script shares the address: a valid token from it is never held back.
            assertThat(exchange(realm, token).status()).as("a valid token right after the limit").isEqualTo(200);
            assertThat(exchange(realm, "okp_garbage-again").status()).isEqualTo(429);
            assertThat(exchange(realm, token).status()).isEqualTo(200);
        }
    }

    @Test
    void theAccessTokenOfAnApiTokenStaysInItsBox() {
        try (TestRealm realm = TestRealm.create()) {
            String adaId = realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            Api ada = realm.apiAs("ada@example.test");
            String token = create(ada, "ci");
            String tokenId = ada.get("/me/api-tokens").json().get(0).path("id").asText();
            String access = exchangeOk(realm, token);
            JsonNode claims = Tokens.claims(access);
            // Only OpsKnight's audience and claims: no roles, no 'account' audience (opsknight-api has no full scope).
            assertThat(audience(claims)).containsExactly("opsknight");
            assertThat(claims.has("realm_access")).isFalse();
            assertThat(claims.has("resource_access")).isFalse();
            assertThat(claims.path("opsknight_role").asText()).isEqualTo("ADMIN");

            // Keycloak's account REST API refuses it (it could otherwise end all the owner's sessions).
            Http.Reply account = Http.send("GET", realm.url() + "/account/", access, null, null);
            assertThat(account.status()).as(account.toString()).isIn(401, 403);

            // What belongs to the person, not to a script: refused with a clear error.
            Api script = realm.api(access);
            assertRefusedToApiToken(script.post("/me/api-tokens", Map.of("name", "renewed")));
            assertRefusedToApiToken(script.put("/me/password", Map.of("currentPassword", "x", "newPassword", "Another-Horse-9-Battery")));
            assertRefusedToApiToken(script.post("/me/phone/verification", null));
            assertRefusedToApiToken(script.post("/me/phone/verification/confirm", Map.of("code", "123456")));
            assertRefusedToApiToken(script.delete("/me/sessions?scope=others"));
            assertRefusedToApiToken(script.delete("/me/sessions/some-session"));
            assertThat(ada.get("/me/api-tokens").json()).hasSize(1);
            assertThat(auditLines("api_token.created", adaId)).isEqualTo(1);

            // Admin work and revoking its own token stay open: that is what API tokens are for.
            assertThat(script.get("/users").status()).isEqualTo(200);
            assertThat(script.delete("/me/api-tokens/" + tokenId).status()).isEqualTo(204);
            assertInvalidGrant(exchange(realm, token), "revoked");
        }
    }

    @Test
    void passwordChangesAndAdminSignOutsRevokeTheOwnersTokens() {
        try (TestRealm realm = TestRealm.create()) {
            String adaId = realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            realm.createUser("bob@example.test", "Bob Admin", "ADMIN");
            Api bob = realm.apiAs("bob@example.test");

            // Our API: the owner changes the password.
            String viaApi = create(realm.apiAs("ada@example.test"), "before-password-change");
            Http.Reply changed = realm.apiAs("ada@example.test").put("/me/password",
                    Map.of("currentPassword", TestRealm.PASSWORD, "newPassword", "Another-Horse-9-Battery"));
            assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
            assertInvalidGrant(exchange(realm, viaApi), "revoked");
            resetPassword(realm, adaId, TestRealm.PASSWORD);

            // Keycloak's admin console: "Reset password".
            String viaConsoleReset = create(realm.apiAs("ada@example.test"), "before-console-reset");
            resetPassword(realm, adaId, "Third-Horse-9-Battery-x");
            assertInvalidGrant(exchange(realm, viaConsoleReset), "revoked");
            resetPassword(realm, adaId, TestRealm.PASSWORD);

            // Our admin API: end all of Ada's sessions.
            String viaAdminApi = create(realm.apiAs("ada@example.test"), "before-sessions-ended");
            assertThat(bob.delete("/users/" + adaId + "/sessions").status()).isEqualTo(200);
            assertInvalidGrant(exchange(realm, viaAdminApi), "revoked");

            // Keycloak's admin console: "Sign out".
            String viaConsoleLogout = create(realm.apiAs("ada@example.test"), "before-console-sign-out");
            realm.resource().users().get(adaId).logout();
            assertInvalidGrant(exchange(realm, viaConsoleLogout), "revoked");

            // Bob's token was never touched.
            String bobs = create(bob, "bob's");
            assertThat(exchange(realm, bobs).status()).isEqualTo(200);
        }
    }

    private static void resetPassword(TestRealm realm, String userId, String password) {
        org.keycloak.representations.idm.CredentialRepresentation credential = new org.keycloak.representations.idm.CredentialRepresentation();
        credential.setType(org.keycloak.representations.idm.CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        realm.resource().users().get(userId).resetPassword(credential);
    }

    private static void assertRefusedToApiToken(Http.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(403);
        assertThat(reply.json().path("error").asText()).isEqualTo("api_token_not_allowed");
        assertThat(reply.json().path("message").asText()).contains("API token");
    }

    @Test
    void onlyTheDigestIsStored() throws Exception {
        Assumptions.assumeTrue(Db.readable(), "reads the table over JDBC: PostgreSQL only");
        try (TestRealm realm = TestRealm.create()) {
            String adaId = realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            Api ada = realm.apiAs("ada@example.test");
            String token = create(ada, "stored");
            assertThat(exchange(realm, token).status()).isEqualTo(200);

            List<Map<String, Object>> rows = Db.query("select * from OK_API_TOKEN where USER_ID = ?", adaId);
            assertThat(rows).hasSize(1);
            Map<String, Object> row = rows.get(0);
            assertThat(row.get("token_digest")).isEqualTo(Digests.sha256Hex(token));
            assertThat(row.get("display_prefix")).isEqualTo(token.substring(0, 8));
            assertThat(row.get("last_used_at")).isNotNull();
            String secretPart = token.substring(8);
            for (Map.Entry<String, Object> column : row.entrySet()) {
                String value = String.valueOf(column.getValue());
                assertThat(value).as(column.getKey()).doesNotContain(token).doesNotContain(secretPart)
                        .doesNotContain(token.substring(4, 26));
            }

            // Deleting the user deletes the rows.
            realm.createUser("bob@example.test", "Bob Admin", "ADMIN");
            realm.resource().users().get(adaId).remove();
            assertThat(Db.query("select * from OK_API_TOKEN where USER_ID = ?", adaId)).isEmpty();
        }
    }

    /** Runs last in this class's JVM: the server log of the whole run shows no token. */
    @AfterAll
    static void noTokenInTheServerLog() throws IOException {
        String log = ServerLog.text();
        assertThat(SEEN).isNotEmpty();
        for (String token : SEEN) {
            assertThat(log).doesNotContain(token).doesNotContain(token.substring(8));
        }
        assertThat(ANY_TOKEN.matcher(log).find()).as("an okp_ token in keycloak-server.log").isFalse();
    }

    // --- helpers

    /** Exchanges and returns the access token. */
    private static String exchangeOk(TestRealm realm, String token) {
        Http.Reply reply = exchange(realm, token);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().path("access_token").asText();
    }

    static Http.Reply exchange(TestRealm realm, String token) {
        Map<String, String> form = new HashMap<>();
        form.put("grant_type", GRANT);
        form.put("client_id", "opsknight-api");
        form.put("api_token", token);
        return Http.form(realm.tokenUrl(), form);
    }

    private static void assertInvalidGrant(Http.Reply reply, String descriptionPart) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(reply.json().path("error_description").asText()).containsIgnoringCase(descriptionPart);
        assertThat(reply.body()).doesNotContain("access_token");
    }

    private static void assertError(Http.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.json().path("error").asText()).isEqualTo(code);
    }

    private static String create(Api api, String name) {
        Http.Reply reply = api.post("/me/api-tokens", Map.of("name", name));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return remember(reply.json().path("token").asText());
    }

    private static String idOf(Api api, String name) {
        return find(api.get("/me/api-tokens").json(), name).path("id").asText();
    }

    private static JsonNode find(JsonNode list, String name) {
        return StreamSupport.stream(list.spliterator(), false).filter(t -> t.path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no token named " + name + " in " + list));
    }

    private static String remember(String token) {
        SEEN.add(token);
        return token;
    }

    private static List<String> audience(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        List<String> out = new ArrayList<>();
        if (aud.isArray()) {
            aud.forEach(a -> out.add(a.asText()));
        } else if (aud.isTextual()) {
            out.add(aud.asText());
        }
        return out;
    }

    private static long auditLines(String type, String userId) {
        try {
            return Files.readAllLines(KeycloakServer.get().log()).stream()
                    .filter(l -> l.contains("audit " + type + " ") && l.contains(" user=" + userId)).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
