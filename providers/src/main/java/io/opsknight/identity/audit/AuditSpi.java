package io.opsknight.identity.audit;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Our SPI {@value #NAME}: the audit trail and its webhooks ({@code --spi-opsknight-audit--default--webhook-urls=...}). */
public class AuditSpi implements Spi {

    public static final String NAME = "opsknight-audit";

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
        return AuditRecorder.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return AuditRecorderFactory.class;
    }
}
