package io.opsknight.identity.outbox;

import org.keycloak.provider.ProviderFactory;

/** Factories of {@link OutboxProvider}; the one shipped is {@link DefaultOutboxProviderFactory}. */
public interface OutboxProviderFactory extends ProviderFactory<OutboxProvider> {

    /** A channel of a package above the outbox (webhooks): its rows are sent from now on. */
    void register(OutboxChannel channel);
}
