package io.opsknight.identity.access;

import io.opsknight.identity.common.OpsKnightFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;


/** The realm event listener {@value #PROVIDER_ID}: listed in the realm's {@code eventsListeners}. */
public class ConsoleStatusSyncFactory implements EventListenerProviderFactory, OpsKnightFactory<EventListenerProvider> {

    public static final String PROVIDER_ID = "opsknight-lifecycle";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new ConsoleStatusSync(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
