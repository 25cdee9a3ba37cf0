package io.opsknight.identity.setup;

import io.opsknight.identity.common.OpsKnightSpi;

/**
 * A small SPI of our own, {@value #NAME}, so that the setup options have their own scope
 * ({@code --spi-opsknight-setup--default--setup-key}) instead of crowding a shared factory.
 */
public class SetupSpi extends OpsKnightSpi {

    public static final String NAME = "opsknight-setup";

    public SetupSpi() {
        super(NAME, SetupService.class, SetupServiceFactory.class);
    }
}
