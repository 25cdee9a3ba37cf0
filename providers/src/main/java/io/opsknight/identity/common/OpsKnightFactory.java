package io.opsknight.identity.common;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

/**
 * A factory with nothing to set up or tear down: Keycloak's lifecycle methods as no-ops, the version
 * in server info. A factory with options or hooks overrides what it needs.
 */
public interface OpsKnightFactory<T extends Provider> extends ProviderFactory<T>, OpsKnightProviderInfo {

    @Override
    default void init(Config.Scope config) {
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    default void close() {
    }
}
