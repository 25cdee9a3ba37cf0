package io.opsknight.identity.apitoken;

import io.opsknight.identity.common.OpsKnightVersion;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/**
 * Registers the API-token grant with Keycloak's OAuth2 grant-type SPI: the provider id is the
 * {@code grant_type} value the token endpoint looks up. Also deletes a user's rows when the user is
 * deleted, and a realm's rows when the realm is.
 */
public class ApiTokenGrantTypeFactory implements OAuth2GrantTypeFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = ApiTokenGrantType.GRANT_TYPE;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Two characters, unique among the server's grants: Keycloak encodes it into every token id. */
    @Override
    public String getShortcut() {
        return "ok";
    }

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new ApiTokenGrantType();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                new ApiTokenService(removed.getKeycloakSession(), removed.getRealm()).deleteOfUser(removed.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                new ApiTokenService(removed.getKeycloakSession(), removed.getRealm()).deleteOfRealm();
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", OpsKnightVersion.get(), "client", ApiTokenService.CLIENT_ID,
                "maxAccessTokenLifespanSeconds", String.valueOf(ApiTokenGrantType.MAX_LIFESPAN_SECONDS),
                "maxWrongTokensPerMinute", String.valueOf(ExchangeThrottle.MAX_FAILURES));
    }
}
