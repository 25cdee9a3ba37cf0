package io.opsknight.identity.setup;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * A small SPI of our own, {@value #NAME}, so that the setup options have their own scope
 * ({@code --spi-opsknight-setup--default--setup-key}) instead of crowding a shared factory.
 */
public class SetupSpi implements Spi {

    public static final String NAME = "opsknight-setup";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return SetupService.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return SetupServiceFactory.class;
    }
}
