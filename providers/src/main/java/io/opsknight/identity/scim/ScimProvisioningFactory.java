package io.opsknight.identity.scim;

import io.opsknight.identity.common.OpsKnightFactory;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The provisioning options, read once:
 * <ul>
 *   <li>{@value #INVITE_REALMS}: comma-separated realm names in which a person created through SCIM is INVITED
 *   and gets an invitation email (for identity providers that create people before they have a way to sign
 *   in); in other realms (default: all) they are ACTIVE.</li>
 *   <li>{@value #ADMIN_GROUPS}, {@value #RESPONDER_GROUPS}: comma-separated SCIM group names whose members
 *   are ADMIN or RESPONDER; a person in none of them is USER.</li>
 * </ul>
 */
public class ScimProvisioningFactory implements OpsKnightFactory<ScimProvisioning> {

    public static final String PROVIDER_ID = "default";
    public static final String INVITE_REALMS = "invite-realms";
    public static final String ADMIN_GROUPS = "admin-groups";
    public static final String RESPONDER_GROUPS = "responder-groups";
    static final String DEFAULT_ADMIN_GROUPS = "opsknight-admins";
    static final String DEFAULT_RESPONDER_GROUPS = "opsknight-responders";

    private static final Logger LOG = Logger.getLogger(ScimProvisioningFactory.class);

    private ScimRoles roles = new ScimRoles(Set.of(DEFAULT_ADMIN_GROUPS), Set.of(DEFAULT_RESPONDER_GROUPS));
    private Set<String> inviteRealms = Set.of();

    @Override
    public ScimProvisioning create(KeycloakSession session) {
        return new ScimProvisioning(session, roles, inviteRealms);
    }

    @Override
    public void init(Config.Scope config) {
        inviteRealms = names(config.get(INVITE_REALMS, ""));
        roles = new ScimRoles(names(config.get(ADMIN_GROUPS, DEFAULT_ADMIN_GROUPS)),
                names(config.get(RESPONDER_GROUPS, DEFAULT_RESPONDER_GROUPS)));
        LOG.debugf("SCIM provisioning: inviting realms %s, admin groups %s, responder groups %s",
                inviteRealms, roles.adminGroups(), roles.responderGroups());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    static Set<String> names(String value) {
        return Arrays.stream(value == null ? new String[0] : value.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(INVITE_REALMS).type(ProviderConfigProperty.STRING_TYPE).defaultValue("")
                .helpText("Comma-separated realm names in which people created through SCIM are INVITED and get an invitation email instead of being ACTIVE.").add()
                .property().name(ADMIN_GROUPS).type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_ADMIN_GROUPS)
                .helpText("Comma-separated SCIM group names whose members are ADMIN.").add()
                .property().name(RESPONDER_GROUPS).type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_RESPONDER_GROUPS)
                .helpText("Comma-separated SCIM group names whose members are RESPONDER (unless also in an admin group).").add()
                .build();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
