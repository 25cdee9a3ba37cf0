package io.opsknight.identity.scim;

import io.opsknight.identity.common.OpsKnightFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.scim.resource.spi.ScimResourceTypeProviderFactory;

/**
 * Takes the place of Keycloak's factory of the same id ({@code Groups}): Keycloak keeps the factory with
 * the higher {@link #order()}. Present only with the {@code scim-api} feature, as Keycloak's.
 */
public class ScimGroupsFactory implements ScimResourceTypeProviderFactory<ScimGroups>, OpsKnightFactory<ScimGroups> {

    @Override
    public ScimGroups create(KeycloakSession session) {
        return new ScimGroups(session, session.getProvider(ScimProvisioning.class));
    }

    @Override
    public String getId() {
        return "Groups";
    }

    @Override
    public int order() {
        return 100;
    }
}
