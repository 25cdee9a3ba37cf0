package io.opsknight.identity.lifecycle;

import io.opsknight.identity.access.ConsoleStatusSyncFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** realm-config wires the lifecycle in: listener, status-aware flows. */
class RealmConfigLifecycleTest {

    private static JsonNode realm() throws IOException {
        return new ObjectMapper().readTree(Path.of("../realm-config/opsknight-realm.json").toFile());
    }

    @Test
    void realmUsesTheLifecycleListenerAndFlows() throws IOException {
        JsonNode realm = realm();
        List<String> listeners = new ArrayList<>();
        realm.path("eventsListeners").forEach(n -> listeners.add(n.asText()));
        assertThat(listeners).contains(ConsoleStatusSyncFactory.PROVIDER_ID);

        List<String> authenticators = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        for (JsonNode flow : realm.path("authenticationFlows")) {
            aliases.add(flow.path("alias").asText());
            for (JsonNode execution : flow.path("authenticationExecutions")) {
                if (execution.has("authenticator")) {
                    authenticators.add(execution.path("authenticator").asText());
                } else {
                    assertThat(execution.path("flowAlias").asText()).isNotEmpty();
                }
            }
        }
        assertThat(aliases).contains(realm.path("browserFlow").asText(), realm.path("directGrantFlow").asText());
        assertThat(authenticators).contains(StatusAwareUsernamePasswordFormFactory.PROVIDER_ID,
                StatusAwareDirectGrantValidateUsername.PROVIDER_ID);
        // Keycloak stores the authenticator id in AUTHENTICATION_EXECUTION.AUTHENTICATOR, VARCHAR(36):
        // a longer id makes the realm import fail with "Database operation failed".
        assertThat(authenticators).allSatisfy(id -> assertThat(id.length()).as(id).isLessThanOrEqualTo(36));
        // Keycloak's own default flows are added by the importer; ours must not take their names.
        assertThat(aliases).doesNotContain("browser", "direct grant", "forms");
    }
}
