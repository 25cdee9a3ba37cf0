package io.opsknight.identity.users;

import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.roles.Permission;
import io.opsknight.identity.roles.Role;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OpsKnight API manages OpsKnight people only. A user who holds any role outside OpsKnight's (for
 * example a {@code realm-management} client role, i.e. a Keycloak console administrator) cannot have
 * email, profile, preferences, password, status or role changed through {@code /users/...}: otherwise an
 * OpsKnight ADMIN could rewrite a realm administrator's email, send the reset link there and take the
 * realm over. {@link #foreignRoles} is the pure decision (OpsKnightPeopleTest); {@link #requireManaged}
 * the one guard the user endpoints call.
 * <p>
 * OpsKnight's roles: the realm roles ADMIN, RESPONDER and USER, the permission roles of client
 * {@code opsknight}, and Keycloak's default roles ({@code default-roles-<realm>}, {@code offline_access},
 * {@code uma_authorization} and whatever the realm's default role contains, such as the {@code account}
 * client's self-service roles). A {@code realm-management} role never counts as ours, not even when an
 * operator put it into the default roles. Roles count whether mapped directly, through a group (or its
 * parents) or inside a composite.
 */
public final class OpsKnightPeople {

    static final String CODE = "managed_in_keycloak";
    static final String REALM_MANAGEMENT = "realm-management";
    private static final Set<String> KEYCLOAK_REALM_DEFAULTS = Set.of("offline_access", "uma_authorization");

    private OpsKnightPeople() {
    }

    /** A role by name: {@code clientId} null for a realm role. */
    record RoleRef(String clientId, String name) {
        @Override
        public String toString() {
            return clientId == null ? name : clientId + "/" + name;
        }
    }

    /**
     * The roles of {@code held} that are not OpsKnight's, sorted; empty for an OpsKnight person.
     *
     * @param defaults the realm's default role and everything it contains
     */
    static List<RoleRef> foreignRoles(String realmName, Collection<RoleRef> held, Collection<RoleRef> defaults) {
        return held.stream().filter(r -> !ours(realmName, r, defaults)).distinct()
                .sorted(Comparator.comparing(RoleRef::toString)).toList();
    }

    private static boolean ours(String realmName, RoleRef role, Collection<RoleRef> defaults) {
        if (role.clientId() == null) {
            if (Role.isRoleName(role.name()) || KEYCLOAK_REALM_DEFAULTS.contains(role.name())
                    || role.name().equals("default-roles-" + realmName.toLowerCase(Locale.ROOT))) {
                return true;
            }
        } else if (role.clientId().equals(Permission.CLIENT_ID)) {
            return true;
        } else if (role.clientId().equals(REALM_MANAGEMENT)) {
            return false;
        }
        return defaults.contains(role);
    }

    /** The roles the user holds outside OpsKnight's ("realm-management/manage-users"), sorted; empty for our people. */
    public static List<String> foreignRoleNames(RealmModel realm, UserModel user) {
        return foreign(realm, user).stream().map(RoleRef::toString).toList();
    }

    private static List<RoleRef> foreign(RealmModel realm, UserModel user) {
        return foreignRoles(realm.getName(), held(user), refs(RoleUtils.expandCompositeRoles(
                realm.getDefaultRole() == null ? Set.of() : Set.of(realm.getDefaultRole()))));
    }

    /** 403 {@value #CODE} unless every role the user holds is OpsKnight's. */
    static void requireManaged(RealmModel realm, UserModel user) {
        List<RoleRef> foreign = foreign(realm, user);
        if (!foreign.isEmpty()) {
            String names = foreign.stream().limit(3).map(RoleRef::toString).collect(Collectors.joining(", "))
                    + (foreign.size() > 3 ? ", ..." : "");
            throw new OpsKnightException(OpsKnightException.Reason.FORBIDDEN, CODE,
                    "This user holds roles outside OpsKnight (" + names + "), so OpsKnight does not manage them: "
                            + "change their email, profile, password, status or roles in the Keycloak admin console.");
        }
    }

    /** Direct mappings, those of every group and its parents, composites expanded. */
    private static Set<RoleRef> held(UserModel user) {
        Set<RoleModel> roles = new HashSet<>(user.getRoleMappingsStream().toList());
        user.getGroupsStream().forEach(group -> {
            for (GroupModel g = group; g != null; g = g.getParent()) {
                g.getRoleMappingsStream().forEach(roles::add);
            }
        });
        return refs(RoleUtils.expandCompositeRoles(roles));
    }

    private static Set<RoleRef> refs(Set<RoleModel> roles) {
        return roles.stream().map(r -> new RoleRef(r.isClientRole() ? ((ClientModel) r.getContainer()).getClientId() : null,
                r.getName())).collect(Collectors.toSet());
    }
}
