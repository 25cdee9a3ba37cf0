package io.opsknight.identity.access;

import io.opsknight.identity.common.OpsKnightFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;


/**
 * Event listener {@value #PROVIDER_ID}: enforces one OpsKnight role per user on console (admin REST)
 * changes. Active in the realms that list it in their event listeners (realm-config does).
 */
public class ConsoleRoleListenerFactory implements EventListenerProviderFactory, OpsKnightFactory<EventListenerProvider> {

    public static final String PROVIDER_ID = "opsknight-roles";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new ConsoleRoleListener(session);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(RoleMappingChanges::onProviderEvent);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
