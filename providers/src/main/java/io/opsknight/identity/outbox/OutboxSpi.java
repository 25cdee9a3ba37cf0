package io.opsknight.identity.outbox;

import io.opsknight.identity.common.OpsKnightSpi;

/** Our SPI {@value #NAME}: the one outbox of webhooks and email ({@code --spi-opsknight-outbox--default--<option>}). */
public class OutboxSpi extends OpsKnightSpi {

    public static final String NAME = "opsknight-outbox";

    public OutboxSpi() {
        super(NAME, OutboxProvider.class, OutboxProviderFactory.class);
    }
}
