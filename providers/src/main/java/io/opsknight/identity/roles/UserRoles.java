package io.opsknight.identity.roles;

import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Reads a user's OpsKnight role. Looks at the user's direct realm role mappings only, which
 * Keycloak's user cache holds: no query per role when a token is minted.
 */
public final class UserRoles {

    private UserRoles() {
    }

    /** The user's role; ADMIN beats RESPONDER beats USER if (wrongly) several are held; none counts as USER. */
    public static Role roleOf(RealmModel realm, UserModel user) {
        for (Role role : Role.values()) {
            RoleModel model = realm.getRole(role.name());
            if (model != null && user.hasDirectRole(model)) {
                return role;
            }
        }
        return Role.DEFAULT;
    }
}
