package io.opsknight.identity.lifecycle;

import io.opsknight.identity.common.OpsKnightVersion;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/** The realm event listener {@value #PROVIDER_ID}: listed in the realm's {@code eventsListeners}. */
public class ConsoleStatusSyncFactory implements EventListenerProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "opsknight-lifecycle";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new ConsoleStatusSync(session);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", OpsKnightVersion.get());
    }
}
