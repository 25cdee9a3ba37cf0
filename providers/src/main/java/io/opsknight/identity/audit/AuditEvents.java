package io.opsknight.identity.audit;

import io.opsknight.identity.common.Times;
import org.keycloak.events.Event;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one converter to {@link AuditEvent}: from our rows and from Keycloak's stored events. */
final class AuditEvents {

    private AuditEvents() {
    }

    static AuditEvent of(AuditEventEntity e, String realmName, Map<String, Object> details) {
        return new AuditEvent(e.getId(), e.getType(), Times.iso(e.getCreatedAt()), realmName,
                AuditEvent.OPSKNIGHT, AuditEvent.Party.of(e.getActorId(), e.getActorEmail()),
                AuditEvent.Party.of(e.getUserId(), e.getTargetEmail()), e.getIpAddress(), details);
    }

    @SuppressWarnings("unchecked")
    static AuditEvent of(AuditEventEntity e, String realmName) {
        Map<String, Object> details = Map.of();
        if (e.getDetails() != null) {
            try {
                details = JsonSerialization.readValue(e.getDetails(), Map.class);
            } catch (IOException ex) {
                details = Map.of("unreadable", e.getDetails());
            }
        }
        return of(e, realmName, details);
    }

    /** A Keycloak login event: its user is both actor and target; client and error go to the details. */
    static AuditEvent of(KeycloakSession session, RealmModel realm, Event event) {
        String email = null;
        if (event.getUserId() != null) {
            UserModel user = session.users().getUserById(realm, event.getUserId());
            email = user == null ? null : user.getEmail();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        if (event.getClientId() != null) {
            details.put("clientId", event.getClientId());
        }
        if (event.getError() != null) {
            details.put("error", event.getError());
        }
        if (event.getDetails() != null) {
            details.putAll(event.getDetails());
        }
        AuditEvent.Party user = AuditEvent.Party.of(event.getUserId(), email);
        return new AuditEvent(event.getId(), event.getType().name(), Times.iso(event.getTime()),
                realm.getName(), AuditEvent.KEYCLOAK, user, user, event.getIpAddress(), details);
    }
}
