package io.opsknight.identity.claims;

import io.opsknight.identity.roles.Role;
import io.opsknight.identity.roles.UserRoles;
import io.opsknight.identity.profile.Gravatar;
import io.opsknight.identity.profile.ProfileAttribute;
import io.opsknight.identity.common.OpsKnightProviderInfo;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the OpsKnight claims: {@code opsknight_role}, {@code opsknight_permissions} (from the Java
 * matrix, so no role expansion per token) and the standard claims {@code picture}, {@code zoneinfo},
 * {@code phone_number}, {@code phone_number_verified}. Reads only the (cached) user model.
 */
public class OpsKnightClaimsMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper,
        OpsKnightProviderInfo {

    public static final String PROVIDER_ID = "opsknight-claims-mapper";
    public static final String ROLE_CLAIM = "opsknight_role";
    public static final String PERMISSIONS_CLAIM = "opsknight_permissions";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, OpsKnightClaimsMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "OpsKnight claims";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds opsknight_role, opsknight_permissions, picture (Gravatar), zoneinfo, phone_number and phone_number_verified.";
    }

    /**
     * The mapper's factory installs the client scope that carries the mapper into the built-in clients
     * of every new realm (see {@link ClaimsScopeInstaller}): the claims' own hook, not the console
     * listener's. Keycloak calls postInit once per server on every provider factory, mappers included.
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(ClaimsScopeInstaller::onProviderEvent);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        UserModel user = userSession.getUser();
        Role role = UserRoles.roleOf(userSession.getRealm(), user);
        token.getOtherClaims().put(ROLE_CLAIM, role.name());
        token.getOtherClaims().put(PERMISSIONS_CLAIM, role.permissionKeys());

        String picture = Gravatar.url(user.getEmail());
        if (picture != null) {
            token.setPicture(picture);
        }
        token.setZoneinfo(ProfileAttribute.ZONEINFO.rawValue(user));
        String phone = ProfileAttribute.PHONE_NUMBER.rawValue(user);
        if (phone != null) {
            token.setPhoneNumber(phone);
            token.setPhoneNumberVerified((Boolean) ProfileAttribute.PHONE_NUMBER_VERIFIED.read(user));
        }
    }
}
