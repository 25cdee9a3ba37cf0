package io.opsknight.identity.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Logins;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import io.opsknight.identity.testsupport.WebClient;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Logins from several "devices", opsknight-web with a back-channel logout URL, logout-token checks. */
final class SessionFixtures {

    static final String WEB_CLIENT = WebClient.ID;
    static final String WEB_SECRET = WebClient.SECRET;
    /** Chrome 120 on Windows 10, as a real browser sends it. */
    static final String CHROME_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    static final String FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
    static final String BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private SessionFixtures() {
    }


    /** A password grant of the test client as a device with this User-Agent (null: Java's own). */
    static Tokens login(TestRealm realm, String username, String userAgent, boolean offline) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", TestRealm.TEST_CLIENT,
                "username", username, "password", TestRealm.PASSWORD, "scope", offline ? "openid offline_access" : "openid"));
        return Tokens.from(Logins.withCorrectPassword(() -> post(realm.tokenUrl(), form, userAgent)));
    }

    /** A password grant of opsknight-web (a session that opsknight-web must hear about when it ends). */
    static Tokens webLogin(TestRealm realm, String username, String userAgent, boolean offline) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", WEB_CLIENT,
                "client_secret", WEB_SECRET, "username", username, "password", TestRealm.PASSWORD,
                "scope", offline ? "openid offline_access" : "openid"));
        return Tokens.from(Logins.withCorrectPassword(() -> post(realm.tokenUrl(), form, userAgent)));
    }

    static Http.Reply webRefresh(TestRealm realm, String refreshToken) {
        return Http.form(realm.tokenUrl(), Map.of("grant_type", "refresh_token", "client_id", WEB_CLIENT,
                "client_secret", WEB_SECRET, "refresh_token", refreshToken));
    }

    private static Http.Reply post(String url, Map<String, String> fields, String userAgent) {
        String body = fields.entrySet().stream().map(e -> Http.enc(e.getKey()) + "=" + Http.enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (userAgent != null) {
            b.header("User-Agent", userAgent);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Reply(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The logout_token of a back-channel logout request body. */
    static String logoutToken(String formBody) {
        assertThat(formBody).startsWith("logout_token=");
        return URLDecoder.decode(formBody.substring("logout_token=".length()).split("&")[0], StandardCharsets.UTF_8);
    }

    /**
     * Checks a logout token the way an app must (OIDC Back-Channel Logout 1.0, 2.6): RS256 signature by
     * a key of the realm's published JWKS, issuer, audience, the back-channel logout event, the sid,
     * and no nonce. Returns its claims.
     */
    static JsonNode verifiedLogoutToken(TestRealm realm, String jwt, String expectedSid, String expectedSub) throws Exception {
        String[] parts = jwt.split("\\.");
        JsonNode header = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("typ").asText()).isEqualTo("logout+jwt");
        JsonNode jwks = Http.send("GET", realm.url() + "/protocol/openid-connect/certs", null, null, null).json();
        JsonNode jwk = null;
        for (JsonNode key : jwks.path("keys")) {
            if (key.path("kid").asText().equals(header.path("kid").asText())) {
                jwk = key;
            }
        }
        assertThat(jwk).as("the logout token's kid is in the realm's JWKS").isNotNull();
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("n").asText())),
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("e").asText()))));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).as("logout_token signature").isTrue();

        JsonNode claims = Tokens.claims(jwt);
        assertThat(claims.path("iss").asText()).isEqualTo(realm.url());
        JsonNode aud = claims.path("aud");
        assertThat(aud.isArray() ? aud.toString() : aud.asText()).contains(WEB_CLIENT);
        assertThat(claims.path("events").has(BACKCHANNEL_EVENT)).as("events claim").isTrue();
        assertThat(claims.path("sid").asText()).isEqualTo(expectedSid);
        assertThat(claims.path("sub").asText()).isEqualTo(expectedSub);
        assertThat(claims.has("nonce")).isFalse();
        assertThat(claims.path("jti").asText()).isNotEmpty();
        return claims;
    }

    /** The sessions in a GET /me/sessions answer, by id and offline flag. */
    static JsonNode find(JsonNode list, String id, boolean offline) {
        for (JsonNode s : list) {
            if (s.path("id").asText().equals(id) && s.path("offline").asBoolean() == offline) {
                return s;
            }
        }
        return null;
    }
}
