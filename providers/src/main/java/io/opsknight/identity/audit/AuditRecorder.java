package io.opsknight.identity.audit;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

import java.util.Map;

/** Our SPI {@value AuditSpi#NAME}: writes the audit row, its webhook deliveries and its Keycloak admin event. */
public interface AuditRecorder extends Provider {

    void record(RealmModel realm, AuditEventType type, String actorId, String userId, Map<String, ?> details);

    @Override
    default void close() {
    }
}
