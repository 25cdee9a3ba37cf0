package io.opsknight.identity.apitoken;

import io.opsknight.identity.common.OpsKnightFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * The event listener {@value #PROVIDER_ID}. Global: it hears every realm's events without being listed
 * in the realm's {@code eventsListeners}, so a realm imported before it existed, or an admin who edits
 * the list, cannot leave tokens alive after a password reset.
 */
public class ApiTokenRevocationFactory implements EventListenerProviderFactory, OpsKnightFactory<EventListenerProvider> {

    public static final String PROVIDER_ID = "opsknight-api-tokens";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new ApiTokenRevocation(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
