package io.opsknight.identity.scim;

import io.opsknight.identity.common.OpsKnightProviderInfo;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;
import org.keycloak.services.Urls;
import org.keycloak.urls.UrlType;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts the realm's SCIM base URL ({@code <frontend URL>/realms/<realm>/scim/v2}) into the access token's
 * {@code aud}: Keycloak's SCIM API refuses tokens without it. Computed per token, the way the SCIM API
 * computes what it expects, so the realm JSON needs no host name and works under any realm name.
 */
public class ScimAudienceMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, TokenIntrospectionTokenMapper, OpsKnightProviderInfo {

    public static final String PROVIDER_ID = "opsknight-scim-audience-mapper";

    private static final List<ProviderConfigProperty> CONFIG = config();

    private static List<ProviderConfigProperty> config() {
        List<ProviderConfigProperty> config = new ArrayList<>();
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(config, ScimAudienceMapper.class);
        return List.copyOf(config);
    }

    /** The audience Keycloak's SCIM API expects for {@code realmName}. */
    static String audience(KeycloakSession session, String realmName) {
        return Urls.realmBase(session.getContext().getUri(UrlType.FRONTEND).getBaseUri())
                .path("{realm}/scim/v2").build(realmName).toString();
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        token.addAudience(audience(session, session.getContext().getRealm().getName()));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "OpsKnight SCIM audience";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds the realm's SCIM base URL to the access token's audience, as Keycloak's SCIM API requires.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }
}
