package io.opsknight.identity.root;

import io.opsknight.identity.rest.ApiErrorShape;

import io.opsknight.identity.pages.PageClient;
import io.opsknight.identity.common.OpsKnightFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts our API under {@code /realms/{realm}/opsknight}. */
public class OpsKnightResourceProviderFactory implements RealmResourceProviderFactory, OpsKnightFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = ApiErrorShape.ROOT_SEGMENT;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new OpsKnightResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    /** New realms link Keycloak's "account" client Home URL to the account page (see {@link PageClient#onProviderEvent}). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(PageClient::onProviderEvent);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
