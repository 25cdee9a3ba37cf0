package io.opsknight.identity.roles;

import io.opsknight.identity.common.OpsKnightVersion;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/**
 * Event listener {@value #PROVIDER_ID}: enforces one OpsKnight role per user on console (admin REST)
 * changes. Active in the realms that list it in their event listeners (realm-config does).
 */
public class ConsoleRoleListenerFactory implements EventListenerProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "opsknight-roles";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new ConsoleRoleListener(session);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(RoleMappingChanges::onProviderEvent);
        // Not about console events, but the roles package's one hook into realm creation.
        factory.register(ClaimsScopeInstaller::onProviderEvent);
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
