package io.opsknight.identity.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import io.opsknight.identity.testsupport.WebClient;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.KeysMetadataRepresentation.KeyMetadataRepresentation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.opsknight.identity.lifecycle.LifecycleFixtures.WEB_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /users/{id}/deactivate cuts a user off on every way to a token, at once, and tells
 * opsknight-web through OIDC back-channel logout. Each path is checked before (it works) and after
 * (it is refused), because Keycloak's own history shows single paths get missed (CVE-2025-14559,
 * CVE-2026-1609).
 */
@OpsKnightIT
class DeactivationIT {

    private static final String LOGOUT_PATH = "/backchannel-logout";

    @Test
    void deactivationRefusesEveryTokenPathAtOnceAndLogsOutTheWebApp() throws Exception {
        WireMockServer web = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        web.start();
        try (TestRealm realm = TestRealm.create()) {
            web.stubFor(post(LOGOUT_PATH).willReturn(aResponse().withStatus(200)));
            WebClient.configure(realm, "http://127.0.0.1:" + web.port() + LOGOUT_PATH);
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            String leaverId = realm.createUser("lee@example.test", "Lee Leaver", "RESPONDER");

            Tokens test = realm.login("lee@example.test");
            Tokens offline = Tokens.from(LifecycleFixtures.offlineGrant(realm, "lee@example.test"));
            Tokens webTokens = Tokens.from(LifecycleFixtures.webPasswordGrant(realm, "lee@example.test", TestRealm.PASSWORD));
            String webSid = webTokens.access().path("sid").asText();

            // Every path works before.
            assertThat(realm.refresh(test.refreshToken()).status()).isEqualTo(200);
            assertThat(realm.refresh(offline.refreshToken()).status()).isEqualTo(200);
            assertThat(realm.userinfo(test.accessToken()).status()).isEqualTo(200);
            assertThat(LifecycleFixtures.introspect(realm, webTokens.accessToken()).json().path("active").asBoolean()).isTrue();
            Http.Reply exchanged = LifecycleFixtures.exchange(realm, webTokens.accessToken());
            assertThat(exchanged.status()).as(exchanged.toString()).isEqualTo(200);
            assertThat(realm.api(test.accessToken()).get("/me").status()).isEqualTo(200);

            Http.Reply reply = realm.apiAs("ada@example.test").post("/users/" + leaverId + "/deactivate", null);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(reply.json().path("status").asText()).isEqualTo("DISABLED");

            // Right after the call returns, every path is refused.
            Http.Reply refresh = realm.refresh(test.refreshToken());
            assertThat(refresh.status()).isEqualTo(400);
            assertThat(refresh.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(realm.refresh(offline.refreshToken()).status()).isEqualTo(400);
            assertThat(realm.refresh(webTokens.refreshToken()).status()).isEqualTo(400);
            assertThat(realm.userinfo(test.accessToken()).status()).isEqualTo(401);
            assertThat(LifecycleFixtures.introspect(realm, webTokens.accessToken()).json().path("active").asBoolean()).isFalse();
            assertThat(LifecycleFixtures.introspect(realm, test.accessToken()).json().path("active").asBoolean()).isFalse();
            Http.Reply exchange = LifecycleFixtures.exchange(realm, webTokens.accessToken());
            assertThat(exchange.status()).as(exchange.toString()).isBetween(400, 403);
            assertThat(exchange.body()).doesNotContain("access_token");
            assertThat(realm.api(test.accessToken()).get("/me").status()).isEqualTo(401);
            Http.Reply grant = realm.passwordGrant("lee@example.test", TestRealm.PASSWORD);
            assertThat(grant.status()).isEqualTo(400);
            assertThat(grant.json().path("error_description").asText()).contains("deactivated");

            // opsknight-web got a valid OIDC back-channel logout token for the user's session.
            List<LoggedRequest> logouts = web.findAll(postRequestedFor(urlEqualTo(LOGOUT_PATH)));
            assertThat(logouts).hasSize(1);
            String body = logouts.get(0).getBodyAsString();
            assertThat(body).startsWith("logout_token=");
            String logoutToken = URLDecoder.decode(body.substring("logout_token=".length()), StandardCharsets.UTF_8);
            assertSignedByRealm(realm, logoutToken);
            JsonNode claims = Tokens.claims(logoutToken);
            assertThat(claims.path("iss").asText()).isEqualTo(realm.url());
            assertThat(claims.path("sub").asText()).isEqualTo(leaverId);
            assertThat(audience(claims)).contains(WEB_CLIENT);
            assertThat(claims.path("events").has("http://schemas.openid.net/event/backchannel-logout")).isTrue();
            assertThat(claims.path("sid").asText()).isEqualTo(webSid);
            assertThat(claims.has("nonce")).isFalse();
            assertThat(claims.path("iat").asLong()).isPositive();
            assertThat(claims.path("jti").asText()).isNotEmpty();

            // Reactivation lets the person back in (with a fresh login).
            Http.Reply back = realm.apiAs("ada@example.test").post("/users/" + leaverId + "/reactivate", null);
            assertThat(back.status()).as(back.toString()).isEqualTo(200);
            assertThat(back.json().path("status").asText()).isEqualTo("ACTIVE");
            assertThat(realm.passwordGrant("lee@example.test", TestRealm.PASSWORD).status()).isEqualTo(200);
            assertThat(realm.refresh(test.refreshToken()).status()).as("old sessions stay dead").isEqualTo(400);
        } finally {
            web.stop();
        }
    }

    @Test
    void transitionsFollowTheSpecFlowOnly() {
        try (TestRealm realm = TestRealm.create()) {
            String adaId = realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            String userId = realm.createUser("uma@example.test", "Uma User", "USER");
            String invitedId = LifecycleFixtures.invitedUser(realm, "ivy@example.test", "Ivy Invited", "USER");
            var admin = realm.apiAs("ada@example.test");

            Http.Reply r = admin.post("/users/" + userId + "/reactivate", null);
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().path("message").asText()).contains("ACTIVE");

            r = admin.post("/users/" + invitedId + "/deactivate", null);
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().path("message").asText()).contains("INVITED");
            r = admin.post("/users/" + invitedId + "/reactivate", null);
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().path("message").asText()).contains("INVITED");

            assertThat(admin.post("/users/" + userId + "/deactivate", null).status()).isEqualTo(200);
            r = admin.post("/users/" + userId + "/deactivate", null);
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().path("message").asText()).contains("DISABLED");

            r = admin.post("/users/" + adaId + "/deactivate", null);
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().path("error").asText()).isEqualTo("cannot_deactivate_self");
            assertThat(admin.get("/users/" + adaId).json().path("status").asText()).isEqualTo("ACTIVE");

            assertThat(admin.post("/users/not-a-user/deactivate", null).status()).isEqualTo(404);
            assertThat(realm.api(null).post("/users/" + userId + "/reactivate", null).status()).isEqualTo(401);
            realm.createUser("rex@example.test", "Rex Responder", "RESPONDER");
            Http.Reply forbidden = realm.apiAs("rex@example.test").post("/users/" + adaId + "/deactivate", null);
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(admin.get("/users/" + adaId).json().path("status").asText()).isEqualTo("ACTIVE");
        }
    }

    private static List<String> audience(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        return aud.isArray() ? java.util.stream.StreamSupport.stream(aud.spliterator(), false).map(JsonNode::asText).toList()
                : List.of(aud.asText());
    }

    /** Verifies the JWT's RS256 signature with the realm's published key of the same kid. */
    private static void assertSignedByRealm(TestRealm realm, String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        JsonNode header = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("typ").asText()).isEqualTo("logout+jwt");
        KeyMetadataRepresentation key = realm.resource().keys().getKeyMetadata().getKeys().stream()
                .filter(k -> header.path("kid").asText().equals(k.getKid())).findFirst().orElseThrow();
        PublicKey publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.getPublicKey())));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).as("logout_token signature").isTrue();
    }
}
