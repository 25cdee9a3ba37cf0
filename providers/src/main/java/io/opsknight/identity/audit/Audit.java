package io.opsknight.identity.audit;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.Map;

/**
 * Records an audit event in the same transaction as the change it describes: a change that rolls
 * back leaves no event, and an event (with its webhook deliveries) is never lost for a change that
 * committed. The one entry point of every capability; the work is the {@link AuditRecorder}'s.
 */
public final class Audit {

    private Audit() {
    }

    /**
     * @param actorId the user who did it (null: the system or an anonymous page such as /setup)
     * @param userId  the user it was done to (null when none)
     * @param details small JSON-able facts (never secrets)
     */
    public static void record(KeycloakSession session, RealmModel realm, AuditEventType type,
                              String actorId, String userId, Map<String, ?> details) {
        session.getProvider(AuditRecorder.class).record(realm, type, actorId, userId, details);
    }
}
