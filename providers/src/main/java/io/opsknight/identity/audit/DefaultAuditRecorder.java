package io.opsknight.identity.audit;

import io.opsknight.identity.outbox.Outbox;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** The audit row, its webhook deliveries and its admin event, all in the transaction of the change. */
final class DefaultAuditRecorder implements AuditRecorder {

    private static final Logger LOG = Logger.getLogger(DefaultAuditRecorder.class);

    private final KeycloakSession session;
    private final AuditSettings settings;

    DefaultAuditRecorder(KeycloakSession session, AuditSettings settings) {
        this.session = session;
        this.settings = settings;
    }

    @Override
    public void record(RealmModel realm, AuditEventType type, String actorId, String userId, Map<String, ?> details) {
        long now = Time.currentTimeMillis();
        AuditEventEntity e = new AuditEventEntity();
        e.setId(KeycloakModelUtils.generateId());
        e.setRealmId(realm.getId());
        e.setType(type.key());
        e.setCreatedAt(now);
        e.setActorId(actorId);
        e.setActorEmail(emailOf(realm, actorId, null));
        e.setUserId(userId);
        // A revoked invitation's user is already gone: the details still name the address.
        e.setTargetEmail(emailOf(realm, userId, details == null ? null : details.get("email")));
        ClientConnection connection = session.getContext().getConnection();
        e.setIpAddress(connection == null ? null : connection.getRemoteAddr());
        Map<String, Object> facts = details == null ? Map.of() : new LinkedHashMap<>(details);
        e.setDetails(facts.isEmpty() ? null : json(facts));
        AuditStore.of(session).persist(e);

        AuditEvent event = AuditEvents.of(e, realm.getName(), facts);
        if (settings.webhooksEnabled()) {
            String payload = json(event.webhook());
            for (URI url : settings.webhookUrls()) {
                Outbox.enqueue(session, WebhookChannel.NAME, e.getId(), realm.getId(), url.toString(), payload);
            }
        }
        KeycloakAdminEvents.emit(session, realm, type, event);
        LOG.debugf("audit %s realm=%s actor=%s user=%s", type.key(), realm.getName(), actorId, userId);
    }

    private String emailOf(RealmModel realm, String userId, Object fallback) {
        UserModel user = userId == null ? null : session.users().getUserById(realm, userId);
        if (user != null) {
            return user.getEmail();
        }
        return fallback instanceof String s ? s : null;
    }

    private static String json(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException ex) {
            throw new IllegalStateException("Cannot serialize an audit event", ex);
        }
    }
}
