package io.opsknight.identity.invitation;

import io.opsknight.identity.common.OpsKnightFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/** The realm event listener {@value #PROVIDER_ID}: listed in the realm's {@code eventsListeners}. */
public class InvitationEmailSyncFactory implements EventListenerProviderFactory, OpsKnightFactory<EventListenerProvider> {

    public static final String PROVIDER_ID = "opsknight-invitations";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new InvitationEmailSync(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
