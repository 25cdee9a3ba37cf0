package io.opsknight.identity.invitation;

import io.opsknight.identity.common.OpsKnightFactory;
import io.opsknight.identity.outbox.Outbox;
import io.opsknight.identity.outbox.OutboxDead;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * The realm event listener {@value #PROVIDER_ID}: listed in the realm's {@code eventsListeners}. Being the
 * invitation package's one factory, it also hands the invitation batches' worker to the outbox at boot.
 */
public class InvitationEmailSyncFactory implements EventListenerProviderFactory, OpsKnightFactory<EventListenerProvider> {

    public static final String PROVIDER_ID = "opsknight-invitations";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new InvitationEmailSync(session);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        Outbox.register(factory, new BatchChannel());
        factory.register(event -> {
            if (event instanceof OutboxDead dead && BatchChannel.NAME.equals(dead.message().channel())) {
                // The worker gave up: the report says so row by row, and the batch no longer shows RUNNING.
                RealmModel realm = dead.session().realms().getRealm(dead.message().realmId());
                if (realm != null) {
                    new InvitationBatchService(dead.session(), realm).failRest(dead.message().ref(),
                            "The batch stopped after " + dead.attempts() + " failed attempts: " + dead.lastError());
                }
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                new InvitationBatchService(removed.getKeycloakSession(), removed.getRealm()).deleteOfRealm(removed.getRealm().getId());
            }
        });
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
