package io.opsknight.identity.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.KeycloakServer;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpsKnight app's own SSO flow against the realm as shipped, over HTTPS with a self-signed certificate
 * (as {@code KC_HTTPS=true ./run.sh} serves): what NextAuth's provider {@code oidc} in OpsKnight's
 * src/lib/oidc.ts does (discovery, authorization code with PKCE S256 and state, confidential client with
 * client_secret_basic, scopes "openid email profile", the profile from the ID token checked against the
 * realm's JWKS), then OpsKnight's role rules (src/lib/auth.ts) with exactly the JSON docs/connect-opsknight.md gives.
 */
@OpsKnightIT
class OpsKnightSsoContractIT {

    private static final String CLIENT = "opsknight-web";
    private static final String SECRET = "opsknight-web-contract-secret";
    /** OpsKnight's callback, as registered by realm-config (nothing listens there: the test reads the redirect). */
    private static final String CALLBACK = "https://localhost:3000/api/auth/callback/oidc";
    private static final Pattern LOGIN_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static TestRealm realm;
    private static OpsKnightRoleRules rules;
    private static String issuer;

    @BeforeAll
    static void setUp() {
        realm = TestRealm.create();
        ClientRepresentation web = realm.resource().clients().findByClientId(CLIENT).get(0);
        // Only the secret is set (the operator copies Keycloak's generated one); everything else as shipped.
        web.setSecret(SECRET);
        realm.resource().clients().get(web.getId()).update(web);
        rules = OpsKnightRoleRules.fromDoc(Path.of("..", "docs", "connect-opsknight.md"));
        issuer = KeycloakServer.get().httpsBaseUrl() + "/realms/" + realm.name();
    }

    @AfterAll
    static void tearDown() {
        if (realm != null) {
            realm.close();
        }
    }

    @Test
    void shippedClientAllowsExactlyOpsKnightsCallbacks() {
        ClientRepresentation web = realm.resource().clients().findByClientId(CLIENT).get(0);
        assertThat(web.getRedirectUris()).containsExactlyInAnyOrder(
                "http://localhost:3000/api/auth/callback/oidc", "https://localhost:3000/api/auth/callback/oidc");
        assertThat(web.getAttributes().get("post.logout.redirect.uris")).doesNotContain("*").doesNotContain("+");
        assertThat(web.isPublicClient()).isFalse();
        // Another path on the same host is refused before any login page.
        Sso sso = new Sso();
        Sso.Step refused = sso.get(sso.authorizeUrl(discovery(), "https://localhost:3000/evil", "s", challenge("v")));
        assertThat(refused.status()).isEqualTo(400);
    }

    @Test
    void eachRoleArrivesAsOpsKnightReadsIt() throws Exception {
        for (String role : List.of("ADMIN", "RESPONDER", "USER")) {
            String email = role.toLowerCase() + "-" + RANDOM.nextInt(1_000_000) + "@example.com";
            realm.createUser(email, "Person " + role, role);
            JsonNode claims = signIn(email);
            assertThat(claims.path("email").asText()).isEqualTo(email);
            assertThat(claims.path("email_verified").isBoolean()).isTrue();
            assertThat(claims.path("email_verified").asBoolean()).isTrue();
            assertThat(claims.path("name").asText()).isEqualTo("Person " + role);
            assertThat(claims.path("picture").asText()).startsWith("https://");
            assertThat(claims.path("opsknight_role").asText()).isEqualTo(role);
            // OpsKnight creates the person (auto-provision) and applies the rules; and re-evaluates for an existing one.
            assertThat(rules.evaluateNew(claims)).as("new person with " + role).isEqualTo(role);
            assertThat(rules.evaluate(claims, "ADMIN".equals(role) ? "USER" : "ADMIN")).as("existing person").isEqualTo(role);
        }
    }

    @Test
    void demotionInKeycloakArrivesAtTheNextSignIn() throws Exception {
        String email = "demoted-" + RANDOM.nextInt(1_000_000) + "@example.com";
        String id = realm.createUser(email, "Demoted Person", "RESPONDER");
        JsonNode first = signIn(email);
        String inOpsKnight = rules.evaluateNew(first);
        assertThat(inOpsKnight).isEqualTo("RESPONDER");

        // The console's "Role mapping": unassign RESPONDER, assign USER.
        RoleRepresentation responder = realm.resource().roles().get("RESPONDER").toRepresentation();
        RoleRepresentation user = realm.resource().roles().get("USER").toRepresentation();
        realm.resource().users().get(id).roles().realmLevel().remove(List.of(responder));
        realm.resource().users().get(id).roles().realmLevel().add(List.of(user));

        JsonNode next = signIn(email);
        assertThat(rules.evaluate(next, inOpsKnight)).isEqualTo("USER");
    }

    @Test
    void codeNeedsTheVerifierAndTheSecret() {
        String email = "pkce-" + RANDOM.nextInt(1_000_000) + "@example.com";
        realm.createUser(email, "Pkce Person", "USER");
        JsonNode discovery = discovery();
        Sso sso = new Sso();
        String verifier = verifier();
        String code = sso.authorizationCode(discovery, email, "state-1", challenge(verifier));
        Http.Reply wrongVerifier = sso.token(discovery, code, verifier() + "x", SECRET);
        assertThat(wrongVerifier.status()).isEqualTo(400);

        String code2 = sso.authorizationCode(discovery, email, "state-2", challenge(verifier));
        Http.Reply wrongSecret = sso.token(discovery, code2, verifier, "not-the-secret");
        assertThat(wrongSecret.status()).isEqualTo(401);
    }

    /** One SSO sign-in as OpsKnight makes it; returns the verified ID token claims (NextAuth's profile). */
    private static JsonNode signIn(String email) throws Exception {
        JsonNode discovery = discovery();
        Sso sso = new Sso();
        String verifier = verifier();
        String state = verifier();
        String code = sso.authorizationCode(discovery, email, state, challenge(verifier));
        Http.Reply reply = sso.token(discovery, code, verifier, SECRET);
        Tokens tokens = Tokens.from(reply);
        assertThat(reply.json().path("token_type").asText()).isEqualToIgnoringCase("Bearer");
        return verifiedIdToken(sso, discovery, tokens.idToken());
    }

    private static JsonNode discovery() {
        Sso sso = new Sso();
        Sso.Step step = sso.get(issuer + "/.well-known/openid-configuration");
        assertThat(step.status()).isEqualTo(200);
        JsonNode json = Http.JSON.valueToTree(parse(step.body()));
        assertThat(json.path("issuer").asText()).isEqualTo(issuer).startsWith("https://");
        assertThat(json.path("authorization_endpoint").asText()).startsWith("https://");
        assertThat(json.path("token_endpoint").asText()).startsWith("https://");
        assertThat(json.path("code_challenge_methods_supported").toString()).contains("S256");
        assertThat(json.path("id_token_signing_alg_values_supported").toString()).contains("RS256");
        return json;
    }

    /** Signature against the realm's JWKS (kid), then iss, aud, azp and exp, as openid-client checks them. */
    private static JsonNode verifiedIdToken(Sso sso, JsonNode discovery, String idToken) throws Exception {
        String[] parts = idToken.split("\\.");
        JsonNode header = parse(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        Sso.Step jwks = sso.get(discovery.path("jwks_uri").asText());
        assertThat(jwks.status()).isEqualTo(200);
        JsonNode key = null;
        for (JsonNode k : parse(jwks.body()).path("keys")) {
            if (k.path("kid").asText().equals(header.path("kid").asText())) {
                key = k;
            }
        }
        assertThat(key).as("the ID token's kid is in the realm's JWKS").isNotNull();
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(key.path("n").asText())),
                new BigInteger(1, Base64.getUrlDecoder().decode(key.path("e").asText()))));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(publicKey);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).as("ID token signature").isTrue();
        // A tampered payload fails the same check (so the check can fail).
        Signature again = Signature.getInstance("SHA256withRSA");
        again.initVerify(publicKey);
        again.update((parts[0] + "." + parts[1] + "x").getBytes(StandardCharsets.US_ASCII));
        assertThat(again.verify(Base64.getUrlDecoder().decode(parts[2]))).isFalse();

        JsonNode claims = Tokens.claims(idToken);
        assertThat(claims.path("iss").asText()).isEqualTo(issuer);
        assertThat(claims.path("aud").toString()).contains(CLIENT);
        assertThat(claims.path("azp").asText()).isEqualTo(CLIENT);
        assertThat(claims.path("exp").asLong()).isGreaterThan(System.currentTimeMillis() / 1000);
        return claims;
    }

    private static JsonNode parse(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + json, e);
        }
    }

    private static String verifier() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A browser without JavaScript over HTTPS that trusts only the server's self-signed certificate. */
    private static final class Sso {
        private final Map<String, String> cookies = new LinkedHashMap<>();
        private final HttpClient client = HttpClient.newBuilder()
                .sslContext(KeycloakServer.tlsContext())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        record Step(int status, String body, String location) {
        }

        String authorizeUrl(JsonNode discovery, String redirectUri, String state, String challenge) {
            return discovery.path("authorization_endpoint").asText() + "?response_type=code"
                    + "&client_id=" + Http.enc(CLIENT) + "&redirect_uri=" + Http.enc(redirectUri)
                    + "&scope=" + Http.enc("openid email profile") + "&state=" + Http.enc(state)
                    + "&code_challenge=" + challenge + "&code_challenge_method=S256";
        }

        /** Authorization request, the realm's login form with the password, the redirect back with code and state. */
        String authorizationCode(JsonNode discovery, String email, String state, String challenge) {
            Step page = get(authorizeUrl(discovery, CALLBACK, state, challenge));
            Step done = page;
            if (page.status() != 302) { // 302 straight back: the browser's Keycloak SSO session signs in again
                assertThat(page.status()).as(page.body()).isEqualTo(200);
                Matcher action = LOGIN_ACTION.matcher(page.body());
                assertThat(action.find()).as("login form on " + page.body()).isTrue();
                done = post(action.group(1).replace("&amp;", "&"),
                        Map.of("username", email, "password", TestRealm.PASSWORD, "credentialId", ""));
            }
            assertThat(done.status()).as(done.body()).isEqualTo(302);
            assertThat(done.location()).startsWith(CALLBACK + "?");
            Map<String, String> query = query(URI.create(done.location()).getRawQuery());
            assertThat(query.get("state")).isEqualTo(state);
            assertThat(query.get("iss")).isEqualTo(issuer);
            assertThat(query).containsKey("code");
            return query.get("code");
        }

        /** The code exchange, client_secret_basic (openid-client's default, which NextAuth uses). */
        Http.Reply token(JsonNode discovery, String code, String verifier, String secret) {
            String basic = Base64.getEncoder().encodeToString(
                    (Http.enc(CLIENT) + ":" + Http.enc(secret)).getBytes(StandardCharsets.UTF_8));
            String body = form(Map.of("grant_type", "authorization_code", "code", code,
                    "redirect_uri", CALLBACK, "code_verifier", verifier));
            HttpRequest request = HttpRequest.newBuilder(URI.create(discovery.path("token_endpoint").asText()))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> r = send(request);
            return new Http.Reply(r.statusCode(), r.body(), r.headers().map());
        }

        Step get(String url) {
            return step(send(withCookies(HttpRequest.newBuilder(URI.create(url)).GET()).build()));
        }

        Step post(String url, Map<String, String> fields) {
            return step(send(withCookies(HttpRequest.newBuilder(URI.create(url)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build()));
        }

        private HttpRequest.Builder withCookies(HttpRequest.Builder b) {
            if (!cookies.isEmpty()) {
                b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            return b.timeout(Duration.ofSeconds(60));
        }

        private Step step(HttpResponse<String> r) {
            for (String header : r.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    String value = pair.substring(eq + 1).trim();
                    if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                        cookies.remove(pair.substring(0, eq).trim());
                    } else {
                        cookies.put(pair.substring(0, eq).trim(), value);
                    }
                }
            }
            return new Step(r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null));
        }

        private HttpResponse<String> send(HttpRequest request) {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(request.uri() + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String form(Map<String, String> fields) {
            return fields.entrySet().stream().map(e -> Http.enc(e.getKey()) + "=" + Http.enc(e.getValue()))
                    .collect(Collectors.joining("&"));
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return out;
        }
    }
}
