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
 *   <li>{@value #INVITE}: a person created through SCIM is INVITED and gets an invitation email
 *   (for identity providers that create people before they have a way to sign in); default false: ACTIVE.</li>
 *   <li>{@value #ADMIN_GROUPS}, {@value #RESPONDER_GROUPS}: comma-separated SCIM group names whose members
 *   are ADMIN or RESPONDER; a person in none of them is USER.</li>
 * </ul>
 */
public class ScimProvisioningFactory implements OpsKnightFactory<ScimProvisioning> {

    public static final String PROVIDER_ID = "default";
    public static final String INVITE = "invite";
    public static final String ADMIN_GROUPS = "admin-groups";
    public static final String RESPONDER_GROUPS = "responder-groups";
    static final String DEFAULT_ADMIN_GROUPS = "opsknight-admins";
    static final String DEFAULT_RESPONDER_GROUPS = "opsknight-responders";

    private static final Logger LOG = Logger.getLogger(ScimProvisioningFactory.class);

    private ScimRoles roles = new ScimRoles(Set.of(DEFAULT_ADMIN_GROUPS), Set.of(DEFAULT_RESPONDER_GROUPS));
    private boolean invite;

    @Override
    public ScimProvisioning create(KeycloakSession session) {
        return new ScimProvisioning(session, roles, invite);
    }

    @Override
    public void init(Config.Scope config) {
        invite = config.getBoolean(INVITE, false);
        roles = new ScimRoles(names(config.get(ADMIN_GROUPS, DEFAULT_ADMIN_GROUPS)),
                names(config.get(RESPONDER_GROUPS, DEFAULT_RESPONDER_GROUPS)));
        LOG.debugf("SCIM provisioning: invite=%s, admin groups %s, responder groups %s",
                invite, roles.adminGroups(), roles.responderGroups());
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
                .property().name(INVITE).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("People created through SCIM are INVITED and get an invitation email instead of being ACTIVE.").add()
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
