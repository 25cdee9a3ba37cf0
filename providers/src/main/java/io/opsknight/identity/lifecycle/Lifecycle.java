package io.opsknight.identity.lifecycle;

import io.opsknight.identity.apitoken.ApiTokens;
import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.roles.RoleService;
import io.opsknight.identity.roles.UserRoles;
import io.opsknight.identity.sessions.UserSessions;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Map;

/**
 * The status flow of the spec, and nothing else:
 * <pre>
 * INVITED --(accept invitation)--> ACTIVE --(deactivate)--> DISABLED --(reactivate)--> ACTIVE
 * </pre>
 * Every other transition is a 409 naming the current status. Each transition runs in the caller's
 * Keycloak transaction and records its audit event there. Only ACTIVE users are enabled
 * ({@link UserStatus#applyTo}), so Keycloak's own enabled checks refuse every token to the others.
 */
public final class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class);

    private Lifecycle() {
    }

    /**
     * INVITED -> ACTIVE: the invited person accepted the invitation (called by the invitation flow).
     *
     * @param actorId who did it: the user themselves when accepting (null: the system)
     */
    public static void activateInvited(KeycloakSession session, RealmModel realm, UserModel user, String actorId) {
        activateInvited(session, realm, user, actorId, Map.of());
    }

    /** As above, with event details (e.g. the invitation id and role). */
    public static void activateInvited(KeycloakSession session, RealmModel realm, UserModel user, String actorId,
                                       Map<String, ?> details) {
        require(user, UserStatus.INVITED, "activate");
        UserStatus.ACTIVE.applyTo(user);
        Audit.record(session, realm, AuditEventType.USER_ACTIVATED, actorId, user.getId(), details);
    }

    /**
     * ACTIVE -> DISABLED: ends every session of the user at once (with OIDC back-channel logout to
     * the clients that have a back-channel logout URL) and records {@code user.deactivated}.
     * Refused (409) for the actor themselves and for the last ACTIVE ADMIN of the realm.
     */
    public static void deactivate(KeycloakSession session, RealmModel realm, UserModel user, String actorId) {
        require(user, UserStatus.ACTIVE, "deactivate");
        if (actorId != null && actorId.equals(user.getId())) {
            throw OpsKnightException.conflict("cannot_deactivate_self", "You cannot deactivate your own account.");
        }
        RoleService.refuseLosingLastAdmin(session, realm, user, UserRoles.roleOf(realm, user), null);
        int ended = disable(session, realm, user);
        Audit.record(session, realm, AuditEventType.USER_DEACTIVATED, actorId, user.getId(), Map.of("sessionsEnded", ended));
    }

    /** DISABLED -> ACTIVE; records {@code user.reactivated}. */
    public static void reactivate(KeycloakSession session, RealmModel realm, UserModel user, String actorId) {
        require(user, UserStatus.DISABLED, "reactivate");
        UserStatus.ACTIVE.applyTo(user);
        Audit.record(session, realm, AuditEventType.USER_REACTIVATED, actorId, user.getId(), Map.of());
    }

    /**
     * Sets DISABLED and cuts the user off everywhere: also used when an admin switches "Enabled" off
     * in the Keycloak console. Returns the number of sessions ended.
     */
    static int disable(KeycloakSession session, RealmModel realm, UserModel user) {
        UserStatus.DISABLED.applyTo(user);
        int ended = UserSessions.endAll(session, realm, user);
        ApiTokens.revokeAllOf(session, realm, user, ApiTokens.USER_DEACTIVATED);
        LOG.debugf("user %s of realm %s disabled, %d sessions ended", user.getId(), realm.getName(), ended);
        return ended;
    }

    private static void require(UserModel user, UserStatus expected, String action) {
        UserStatus current = UserStatus.of(user);
        if (current != expected) {
            throw OpsKnightException.conflict("invalid_status",
                    "Cannot " + action + " a user whose status is " + current + " (only " + expected + " users can be "
                            + pastTense(action) + ").");
        }
    }

    private static String pastTense(String action) {
        return action.endsWith("e") ? action + "d" : action + "ed";
    }
}
