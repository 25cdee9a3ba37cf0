package io.opsknight.identity.outbox;

import org.keycloak.provider.Provider;

/** Our SPI {@value OutboxSpi#NAME}: the session's handle on the node's sender (see {@link Outbox}). */
public interface OutboxProvider extends Provider {

    /** Sends what this transaction wrote to {@code channel} as soon as it commits, instead of at the next poll. */
    void wakeAfterCommit(String channel);

    @Override
    default void close() {
    }
}
