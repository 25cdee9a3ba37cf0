package io.opsknight.identity.common;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;

/**
 * Base of our console listeners: they react to admin events only (user events carry nothing for
 * them) and hold nothing to close. Keycloak calls them synchronously inside the admin request's
 * transaction, so what they write commits or rolls back with the admin's change.
 */
public abstract class AdminEventListener implements EventListenerProvider {

    protected final KeycloakSession session;

    protected AdminEventListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public final void onEvent(Event event) {
        // Only admin changes matter to these listeners.
    }

    @Override
    public abstract void onEvent(AdminEvent event, boolean includeRepresentation);

    @Override
    public void close() {
    }
}
