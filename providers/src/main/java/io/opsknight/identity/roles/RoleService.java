package io.opsknight.identity.roles;

import io.opsknight.identity.lifecycle.UserStatus;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/** Gives a user exactly one OpsKnight role. */
public final class RoleService {

    private RoleService() {
    }

    /** Grants {@code role} and removes the other OpsKnight roles; returns the role held before. */
    public static Role assign(RealmModel realm, UserModel user, Role role) {
        Role before = UserRoles.roleOf(realm, user);
        for (Role r : Role.values()) {
            RoleModel model = realm.getRole(r.name());
            if (model == null) {
                throw new IllegalStateException("Realm " + realm.getName() + " lacks the realm role " + r
                        + ": import realm-config/opsknight-realm.json");
            }
            if (r == role) {
                if (!user.hasDirectRole(model)) {
                    user.grantRole(model);
                }
            } else if (user.hasDirectRole(model)) {
                user.deleteRoleMapping(model);
            }
        }
        return before;
    }

    /** True when the user is an ACTIVE ADMIN and no other ACTIVE ADMIN exists in the realm. */
    public static boolean isLastActiveAdmin(KeycloakSession session, RealmModel realm, UserModel user) {
        RoleModel admin = realm.getRole(Role.ADMIN.name());
        if (admin == null || !user.hasDirectRole(admin) || UserStatus.of(user) != UserStatus.ACTIVE) {
            return false;
        }
        return session.users().getRoleMembersStream(realm, admin)
                .noneMatch(other -> !other.getId().equals(user.getId()) && UserStatus.of(other) == UserStatus.ACTIVE);
    }
}
