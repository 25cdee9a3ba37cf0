package io.opsknight.identity.cluster;

import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.KeycloakServer;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.opsknight.identity.cluster.ClusterNodes.a;
import static io.opsknight.identity.cluster.ClusterNodes.api;
import static io.opsknight.identity.cluster.ClusterNodes.b;
import static io.opsknight.identity.cluster.ClusterNodes.login;
import static io.opsknight.identity.cluster.ClusterNodes.tokenUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A personal API token made on node A is exchanged on node B, and dies on both nodes
 * when it is revoked (on either node, or by deactivating its owner).
 * <p>
 * Mechanism: every exchange reads the token's row (digest, revoked, expiry) and its owner from the shared
 * database (OK_API_TOKEN), with no per-node lookup cache; a revocation is one committed UPDATE. A token
 * cache in a node's memory would keep exchanging a revoked token on the other node, and this test fails.
 */
@OpsKnightIT
class ApiTokensClusterIT {

    private static final String GRANT = "urn:opsknight:params:oauth:grant-type:api-token";

    @Test
    void tokenMadeOnAExchangesOnBAndDiesOnBothWhenRevoked() {
        try (TestRealm realm = TestRealm.create()) {
            String adaId = realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            Api adaOnA = realm.apiAs("ada@example.test");
            String[] first = create(adaOnA, "deploy bot");
            String[] second = create(adaOnA, "backup bot");

            for (KeycloakServer node : List.of(b(), a(), b())) {
                Http.Reply exchanged = exchange(node, realm, first[1]);
                assertThat(exchanged.status()).as("exchange on %s: %s", node.baseUrl(), exchanged).isEqualTo(200);
                assertThat(Tokens.claims(exchanged.json().path("access_token").asText()).path("sub").asText()).isEqualTo(adaId);
            }
            // A token B issued works on A's API.
            String accessFromB = exchange(b(), realm, first[1]).json().path("access_token").asText();
            assertThat(api(a(), realm, accessFromB).get("/me").status()).isEqualTo(200);

            // Revoked on A: refused on B (and A) at once.
            assertThat(adaOnA.delete("/me/api-tokens/" + first[0]).status()).isEqualTo(204);
            assertRefused(exchange(b(), realm, first[1]), "revoked");
            assertRefused(exchange(a(), realm, first[1]), "revoked");

            // Revoked on B: refused on A at once.
            assertThat(exchange(a(), realm, second[1]).status()).isEqualTo(200);
            Api adaOnB = api(b(), realm, login(b(), realm, "ada@example.test").accessToken());
            assertThat(adaOnB.delete("/me/api-tokens/" + second[0]).status()).isEqualTo(204);
            assertRefused(exchange(a(), realm, second[1]), "revoked");
            assertRefused(exchange(b(), realm, second[1]), "revoked");
        }
    }

    @Test
    void ownerDeactivatedOnBCannotExchangeOnA() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            String bobId = realm.createUser("bob@example.test", "Bob Admin", "ADMIN");
            String[] token = create(realm.apiAs("bob@example.test"), "bob's script");
            assertThat(exchange(a(), realm, token[1]).status()).isEqualTo(200); // A has Bob cached

            Api adaOnB = api(b(), realm, login(b(), realm, "ada@example.test").accessToken());
            assertThat(adaOnB.post("/users/" + bobId + "/deactivate", Map.of()).status()).isEqualTo(200);
            assertRefused(exchange(a(), realm, token[1]), "revoked");
        }
    }

    /** id and token of a new API token. */
    private static String[] create(Api api, String name) {
        Http.Reply created = api.post("/me/api-tokens", Map.of("name", name, "expiresInDays", 30));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new String[] {created.json().path("id").asText(), created.json().path("token").asText()};
    }

    private static Http.Reply exchange(KeycloakServer node, TestRealm realm, String token) {
        return Http.form(tokenUrl(node, realm), Map.of("grant_type", GRANT, "client_id", "opsknight-api", "api_token", token));
    }

    private static void assertRefused(Http.Reply reply, String descriptionPart) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(reply.json().path("error_description").asText()).containsIgnoringCase(descriptionPart);
    }
}
