package io.opsknight.identity.access;

import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.apitoken.ApiTokenService;
import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.roles.UserRoles;
import io.opsknight.identity.sessions.SessionService;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The status flow (docs/lifecycle.md), and nothing else:
 * <pre>
 * INVITED --(accept invitation)--> ACTIVE --(deactivate)--> DISABLED --(reactivate)--> ACTIVE
 * </pre>
 * Every other transition is a 409 naming the current status. Each transition runs in the caller's
 * Keycloak transaction and records its audit event there. Only ACTIVE users are enabled
 * ({@link UserStatus#applyTo}), so Keycloak's own enabled checks refuse every token to the others.
 */
public final class StatusService {

    private static final Logger LOG = Logger.getLogger(StatusService.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public StatusService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * INVITED -> ACTIVE: the invited person accepted the invitation (called by the invitation flow).
     *
     * @param actorId who did it: the user themselves when accepting (null: the system)
     */
    public void activateInvited(UserModel user, String actorId) {
        activateInvited(user, actorId, Map.of());
    }

    /** As above, with event details (e.g. the invitation id and role). */
    public void activateInvited(UserModel user, String actorId, Map<String, ?> details) {
        require(user, UserStatus.INVITED, "activate");
        UserStatus.ACTIVE.applyTo(user);
        Audit.record(session, realm, AuditEventType.USER_ACTIVATED, actorId, user.getId(), details);
    }

    /**
     * ACTIVE -> DISABLED: ends every session of the user at once (with OIDC back-channel logout to
     * the clients that have a back-channel logout URL) and records {@code user.deactivated}.
     * Refused (409) for the actor themselves and for the last ACTIVE ADMIN of the realm.
     */
    public void deactivate(UserModel user, String actorId) {
        deactivate(user, actorId, Map.of());
    }

    /** As above, with event details (e.g. the path the change came through). */
    public void deactivate(UserModel user, String actorId, Map<String, ?> details) {
        require(user, UserStatus.ACTIVE, "deactivate");
        if (actorId != null && actorId.equals(user.getId())) {
            throw OpsKnightException.conflict("cannot_deactivate_self", "You cannot deactivate your own account.");
        }
        new RoleService(session, realm).refuseLosingLastAdmin(user, UserRoles.roleOf(realm, user), null);
        int ended = disable(user);
        Map<String, Object> recorded = new LinkedHashMap<>(details);
        recorded.put("sessionsEnded", ended);
        Audit.record(session, realm, AuditEventType.USER_DEACTIVATED, actorId, user.getId(), recorded);
    }

    /** DISABLED -> ACTIVE; records {@code user.reactivated}. */
    public void reactivate(UserModel user, String actorId) {
        reactivate(user, actorId, Map.of());
    }

    /** As above, with event details. */
    public void reactivate(UserModel user, String actorId, Map<String, ?> details) {
        require(user, UserStatus.DISABLED, "reactivate");
        UserStatus.ACTIVE.applyTo(user);
        Audit.record(session, realm, AuditEventType.USER_REACTIVATED, actorId, user.getId(), details);
    }

    /**
     * An outside system that may refuse (SCIM) asks for Keycloak's enabled flag to be {@code enabled}:
     * the transition of the console's table ({@link ConsoleStatusDecision}), but with the rules of our own
     * endpoints, so the last ACTIVE ADMIN is refused (409 {@code last_admin}) instead of disabled.
     * The user must still carry the flag from before the request.
     */
    public void requestEnabled(UserModel user, boolean enabled, String actorId, Map<String, ?> details) {
        ConsoleStatusDecision decision = ConsoleStatusDecision.decide(
                UserStatus.parse(user.getFirstAttribute(UserStatus.ATTRIBUTE)).orElse(null), enabled, false);
        switch (decision) {
            case DEACTIVATE -> deactivate(user, actorId, details);
            case REACTIVATE -> reactivate(user, actorId, details);
            case ACTIVATE -> activateInvited(user, actorId, details);
            case MARK_ACTIVE -> UserStatus.ACTIVE.applyTo(user);
            case MARK_DISABLED -> UserStatus.DISABLED.applyTo(user);
            case NONE -> {
            }
        }
    }

    /**
     * Sets DISABLED and cuts the user off everywhere: also used when an admin switches "Enabled" off
     * in the Keycloak console. Returns the number of sessions ended.
     */
    int disable(UserModel user) {
        UserStatus.DISABLED.applyTo(user);
        int ended = new SessionService(session, realm).endAll(user);
        new ApiTokenService(session, realm).revokeAllOf(user, ApiTokenService.USER_DEACTIVATED);
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
