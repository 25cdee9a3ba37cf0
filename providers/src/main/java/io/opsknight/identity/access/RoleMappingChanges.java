package io.opsknight.identity.access;

import io.opsknight.identity.roles.Role;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The OpsKnight role mappings that really changed for a user in the current Keycloak session, in order.
 * Keycloak fires RoleGrantedEvent / RoleRevokedEvent only when a mapping is actually added or removed,
 * so an admin request that re-adds a held role or removes one the user does not hold is no change.
 * Kept as a session attribute: it lives as long as the request, never in the JVM.
 */
final class RoleMappingChanges {

    private static final String ATTRIBUTE = "opsknight.role-mapping-changes.";

    /** One change: {@code granted} true for an added mapping, false for a removed one. */
    record Change(Role role, boolean granted) {
    }

    private RoleMappingChanges() {
    }

    /** Registered with the session factory: notes grants and revocations of our realm roles. */
    static void onProviderEvent(ProviderEvent event) {
        if (event instanceof RoleModel.RoleGrantedEvent granted) {
            note(granted.getKeycloakSession(), granted.getRole(), granted.getUser(), true);
        } else if (event instanceof RoleModel.RoleRevokedEvent revoked) {
            note(revoked.getKeycloakSession(), revoked.getRole(), revoked.getUser(), false);
        }
    }

    private static void note(KeycloakSession session, RoleModel role, UserModel user, boolean granted) {
        if (session == null || role == null || user == null || role.isClientRole() || !Role.isRoleName(role.getName())) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Change> changes = session.getAttribute(ATTRIBUTE + user.getId(), List.class);
        if (changes == null) {
            changes = new ArrayList<>();
            session.setAttribute(ATTRIBUTE + user.getId(), changes);
        }
        changes.add(new Change(Role.valueOf(role.getName()), granted));
    }

    /** The changes noted for the user so far in this session, forgetting them. */
    static List<Change> take(KeycloakSession session, String userId) {
        @SuppressWarnings("unchecked")
        List<Change> changes = session.getAttribute(ATTRIBUTE + userId, List.class);
        session.removeAttribute(ATTRIBUTE + userId);
        return changes == null ? List.of() : changes;
    }
}
