package io.opsknight.identity.audit;

import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.Map;

/**
 * Records an audit event in the same transaction as the change it describes: a change that rolls
 * back leaves no event, and an event is never lost for a change that committed.
 */
public final class Audit {

    private static final Logger LOG = Logger.getLogger(Audit.class);

    private Audit() {
    }

    /**
     * @param actorId the user who did it (null: the system or an anonymous page such as /setup)
     * @param userId  the user it was done to (null when none)
     * @param details small JSON-able facts (never secrets)
     */
    public static void record(KeycloakSession session, RealmModel realm, AuditEventType type,
                              String actorId, String userId, Map<String, ?> details) {
        AuditEventEntity e = new AuditEventEntity();
        e.setId(KeycloakModelUtils.generateId());
        e.setRealmId(realm.getId());
        e.setType(type.key());
        e.setCreatedAt(System.currentTimeMillis());
        e.setActorId(actorId);
        e.setUserId(userId);
        ClientConnection connection = session.getContext().getConnection();
        e.setIpAddress(connection == null ? null : connection.getRemoteAddr());
        try {
            e.setDetails(details == null || details.isEmpty() ? null : JsonSerialization.writeValueAsString(details));
        } catch (IOException ex) {
            throw new IllegalStateException("Cannot serialize audit details", ex);
        }
        session.getProvider(JpaConnectionProvider.class).getEntityManager().persist(e);
        LOG.debugf("audit %s realm=%s actor=%s user=%s", type.key(), realm.getName(), actorId, userId);
    }
}
