package io.opsknight.identity.scim;

import io.opsknight.identity.common.OpsKnightFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.scim.resource.spi.ScimResourceTypeProviderFactory;

/**
 * Takes the place of Keycloak's factory of the same id ({@code Users}): Keycloak keeps the factory with
 * the higher {@link #order()}. Present only with the {@code scim-api} feature, as Keycloak's.
 */
public class ScimUsersFactory implements ScimResourceTypeProviderFactory<ScimUsers>, OpsKnightFactory<ScimUsers> {

    @Override
    public ScimUsers create(KeycloakSession session) {
        return new ScimUsers(session, session.getProvider(ScimProvisioning.class));
    }

    @Override
    public String getId() {
        return "Users";
    }

    @Override
    public int order() {
        return 100;
    }
}
