package io.opsknight.identity.access;

import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.AdminEventListener;
import io.opsknight.identity.common.AdminEventPath;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps {@code opsknight_status} in step with Keycloak's "Enabled" switch when an admin changes a user
 * through the Keycloak admin console or admin REST API.
 * <p>
 * Keycloak 26.7 hands admin events to listeners synchronously from {@code AdminEventBuilder.send()},
 * inside the admin request and before its transaction commits (only listeners that choose to, like
 * jboss-logging, defer their own work to after completion). So the writes below join the admin's
 * transaction: they commit with the change and roll back with it.
 * <ul>
 *   <li>created enabled: ACTIVE; created disabled: DISABLED</li>
 *   <li>Enabled switched off (ACTIVE): DISABLED, all sessions ended, {@code user.deactivated}</li>
 *   <li>Enabled switched on (DISABLED): ACTIVE, {@code user.reactivated}</li>
 *   <li>Enabled switched on (INVITED): the admin let the invited person in without the invitation:
 *       ACTIVE, {@code user.activated}; the pending invitation link is then refused by the invitation
 *       flow because the user is no longer INVITED</li>
 *   <li>INVITED and still disabled: stays INVITED</li>
 * </ul>
 * A listener cannot veto an admin change (Keycloak logs and swallows listener errors), so the console
 * can disable the last ADMIN; our API refuses that.
 */
public class ConsoleStatusSync extends AdminEventListener {

    private static final Logger LOG = Logger.getLogger(ConsoleStatusSync.class);

    public ConsoleStatusSync(KeycloakSession session) {
        super(session);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.USER || event.getResourcePath() == null) {
            return;
        }
        boolean created = event.getOperationType() == OperationType.CREATE;
        if (!created && event.getOperationType() != OperationType.UPDATE) {
            return;
        }
        String userId = AdminEventPath.userId(event.getResourcePath(), "").orElse(null);
        if (userId == null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user == null || user.getServiceAccountClientLink() != null) {
            return;
        }
        String actorId = event.getAuthDetails() == null ? null : event.getAuthDetails().getUserId();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("via", "admin-console");
        if (event.getAuthDetails() != null && event.getAuthDetails().getRealmId() != null
                && !event.getAuthDetails().getRealmId().equals(realm.getId())) {
            details.put("actorRealm", event.getAuthDetails().getRealmName());
        }
        sync(realm, user, created, actorId, details);
    }

    private void sync(RealmModel realm, UserModel user, boolean created, String actorId, Map<String, Object> details) {
        UserStatus recorded = UserStatus.parse(user.getFirstAttribute(UserStatus.ATTRIBUTE)).orElse(null);
        ConsoleStatusDecision decision = ConsoleStatusDecision.decide(recorded, user.isEnabled(), created);
        switch (decision) {
            case NONE -> {
                return;
            }
            case ACTIVATE, REACTIVATE, MARK_ACTIVE -> {
                UserStatus.ACTIVE.applyTo(user);
                if (decision != ConsoleStatusDecision.MARK_ACTIVE) {
                    Audit.record(session, realm, decision == ConsoleStatusDecision.ACTIVATE
                            ? AuditEventType.USER_ACTIVATED : AuditEventType.USER_REACTIVATED, actorId, user.getId(), details);
                }
            }
            case MARK_DISABLED -> UserStatus.DISABLED.applyTo(user);
            case DEACTIVATE -> {
                int ended = new StatusService(session, realm).disable(user);
                details.put("sessionsEnded", ended);
                Audit.record(session, realm, AuditEventType.USER_DEACTIVATED, actorId, user.getId(), details);
            }
        }
        LOG.debugf("console: user %s %s -> %s", user.getId(), recorded, decision);
    }
}
