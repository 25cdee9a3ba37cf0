package io.opsknight.identity.access;

import io.opsknight.identity.roles.Role;
import io.opsknight.identity.roles.UserRoles;
import io.opsknight.identity.apitoken.ApiTokenService;
import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.sessions.SessionService;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.RoleEntity;

import java.util.LinkedHashMap;
import java.util.Set;
import java.util.Map;

/** Gives a user exactly one OpsKnight role, and holds the last-admin rule. */
public final class RoleService {

    private static final Logger LOG = Logger.getLogger(RoleService.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public RoleService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Grants {@code role} and removes the other OpsKnight roles; returns the role held before. */
    public Role assign(UserModel user, Role role) {
        return oneRole(realm, user, role);
    }

    /**
     * {@code role} for a person created in this transaction, who holds no OpsKnight role yet (Keycloak gives a new
     * user only the realm's default-roles composite): no read of the mappings, one query and one insert fewer
     * per invitation.
     */
    public void assignToNew(UserModel user, Role role) {
        user.grantRole(model(realm, role));
    }

    private static RoleModel model(RealmModel realm, Role role) {
        RoleModel model = realm.getRole(role.name());
        if (model == null) {
            throw new IllegalStateException("Realm " + realm.getName() + " lacks the realm role " + role
                    + ": import realm-config/opsknight-realm.json");
        }
        return model;
    }

    private static Role oneRole(RealmModel realm, UserModel user, Role role) {
        Set<Role> held = UserRoles.held(realm, user);
        Role before = UserRoles.roleOf(realm, user, held);
        for (Role r : Role.values()) {
            RoleModel model = model(realm, r);
            if (r == role) {
                if (!held.contains(r)) {
                    user.grantRole(model);
                }
            } else if (held.contains(r)) {
                user.deleteRoleMapping(model);
            }
        }
        return before;
    }

    /**
     * The last-admin rule, the one place it is decided: true when the user held {@code before} = ADMIN,
     * is ACTIVE, would hold {@code after} (null: deactivated, keeping the role but losing ACTIVE) and no
     * other ACTIVE ADMIN exists. Used by the role endpoint, deactivation and the console listener.
     */
    public boolean losesLastActiveAdmin(UserModel user, Role before, Role after) {
        if (before != Role.ADMIN || after == Role.ADMIN || UserStatus.of(user) != UserStatus.ACTIVE) {
            return false;
        }
        return !hasOtherActiveAdmin(user);
    }

    /** As {@link #losesLastActiveAdmin}, refusing the change (409 {@code last_admin}). */
    public void refuseLosingLastAdmin(UserModel user, Role before, Role after) {
        if (losesLastActiveAdmin(user, before, after)) {
            throw OpsKnightException.conflict("last_admin",
                    "This user is the last ACTIVE ADMIN of the realm: make another user ADMIN first.");
        }
    }

    /**
     * True when an ACTIVE user other than {@code user} holds ADMIN. Takes a row lock on the realm's
     * ADMIN role first, held until this transaction ends: two admins demoting or deactivating each
     * other at the same instant are decided one after the other, so one of them stays ADMIN.
     */
    boolean hasOtherActiveAdmin(UserModel user) {
        RoleModel admin = realm.getRole(Role.ADMIN.name());
        if (admin == null) {
            return false;
        }
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .find(RoleEntity.class, admin.getId(), LockModeType.PESSIMISTIC_WRITE);
        return session.users().getRoleMembersStream(realm, admin)
                .anyMatch(other -> !other.getId().equals(user.getId()) && UserStatus.of(other) == UserStatus.ACTIVE
                        // A stray second, lower role makes a user no ADMIN (the lowest applies).
                        && UserRoles.roleOf(realm, other) == Role.ADMIN);
    }

    /** True when going from {@code from} to {@code to} loses at least one permission. */
    public static boolean isDemotion(Role from, Role to) {
        return !to.permissions().containsAll(from.permissions());
    }

    /**
     * Records that the user's role went from {@code from} to {@code to} (nothing when equal) and, on a
     * demotion, ends all the user's sessions at once so that no token keeps powers the user lost.
     * A promotion needs nothing more: the claims mapper reads the role at the next refresh.
     *
     * @param extra further audit details (e.g. the source of the change), may be empty
     */
    public void changed(UserModel user, Role from, Role to, String actorId, Map<String, ?> extra) {
        if (from == to) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", from.name());
        details.put("to", to.name());
        details.putAll(extra);
        Audit.record(session, realm, AuditEventType.USER_ROLE_CHANGED, actorId, user.getId(), details);
        if (from == Role.ADMIN) {
            new ApiTokenService(session, realm).revokeAllOf(user, ApiTokenService.ROLE_CHANGED); // API tokens are for ADMINs only
        }
        if (isDemotion(from, to)) {
            int ended = new SessionService(session, realm).endAll(user);
            LOG.debugf("demotion of user %s from %s to %s ended %d sessions", user.getId(), from, to, ended);
        }
    }
}
