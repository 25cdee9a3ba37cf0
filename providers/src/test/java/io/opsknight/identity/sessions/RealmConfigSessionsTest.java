package io.opsknight.identity.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** realm-config keeps opsknight-web's revocation window short and its back-channel logout reachable. */
class RealmConfigSessionsTest {

    private static JsonNode web() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(Path.of("../realm-config/opsknight-realm.json").toFile());
        for (JsonNode client : realm.path("clients")) {
            if (client.path("clientId").asText().equals("opsknight-web")) {
                return client;
            }
        }
        throw new AssertionError("opsknight-web missing from realm-config");
    }

    @Test
    void webAccessTokensLiveFiveMinutes() throws IOException {
        assertThat(web().path("attributes").path("access.token.lifespan").asText()).isEqualTo("300");
    }

    @Test
    void webGetsBackChannelLogoutWithTheSessionId() throws IOException {
        JsonNode web = web();
        // Keycloak skips back-channel logout for a client with front-channel logout on.
        assertThat(web.path("frontchannelLogout").asBoolean(true)).isFalse();
        assertThat(web.path("attributes").path("backchannel.logout.session.required").asText()).isEqualTo("true");
        // The URL is the deployment's to set (admin console), not shipped.
        assertThat(web.path("attributes").has("backchannel.logout.url")).isFalse();
    }
}
