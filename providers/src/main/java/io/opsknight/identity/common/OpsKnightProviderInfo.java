package io.opsknight.identity.common;

import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/**
 * Every OpsKnight factory shows the project version in the admin console's Provider info; a factory
 * with settings worth showing overrides {@link #getOperationalInfo} with {@link OpsKnightVersion#info}.
 */
public interface OpsKnightProviderInfo extends ServerInfoAwareProviderFactory {

    @Override
    default Map<String, String> getOperationalInfo() {
        return OpsKnightVersion.info();
    }
}
