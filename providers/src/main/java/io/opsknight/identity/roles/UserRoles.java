package io.opsknight.identity.roles;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

import java.util.EnumSet;
import java.util.Set;

/**
 * Reads a user's OpsKnight role: the one place claims, the API's permission checks, the account page and
 * the last-admin rule get it from. Only the user's DIRECT realm role mappings count (Keycloak's user cache
 * holds them: no query per role when a token is minted); roles granted through groups or inside other
 * composites do not (docs/roles.md, "Roles and groups"). Exactly one is held in normal operation; if several are
 * (an import or a realm without our listener), the LOWEST applies everywhere and a WARN says so.
 */
public final class UserRoles {

    private static final Logger LOG = Logger.getLogger(UserRoles.class);

    private UserRoles() {
    }

    /** The user's role: the one held, the lowest of several (with a WARN), USER when none. */
    public static Role roleOf(RealmModel realm, UserModel user) {
        return roleOf(realm, user, held(realm, user));
    }

    /** The role given the roles {@code held} (read once by the caller). */
    public static Role roleOf(RealmModel realm, UserModel user, Set<Role> held) {
        Role role = Role.lowestOf(held);
        if (held.size() > 1) {
            LOG.warnf("User %s of realm '%s' holds the OpsKnight roles %s at once: the lowest, %s, applies "
                    + "(give the user exactly one role)", user.getId(), realm.getName(), held, role);
        }
        return role;
    }

    /** The OpsKnight roles mapped directly to the user. */
    public static Set<Role> held(RealmModel realm, UserModel user) {
        // One read of the user's mappings: hasDirectRole per role is a query each on a user not yet cached
        // (every invitation creates one), three per read and two reads per invitation.
        Set<Role> held = EnumSet.noneOf(Role.class);
        user.getRoleMappingsStream()
                .filter(r -> !r.isClientRole() && realm.getId().equals(r.getContainerId()))
                .forEach(r -> {
                    for (Role role : Role.values()) {
                        if (role.name().equals(r.getName())) {
                            held.add(role);
                        }
                    }
                });
        return held;
    }
}
