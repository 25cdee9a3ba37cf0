package io.opsknight.identity.audit;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.List;

/** The one seam to OK_WEBHOOK_OUTBOX. */
record WebhookStore(EntityManager em) {

    static WebhookStore of(KeycloakSession session) {
        return new WebhookStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    void enqueue(String eventId, String realmId, String url, String payload, long now) {
        WebhookOutboxEntity d = new WebhookOutboxEntity();
        d.setId(KeycloakModelUtils.generateId());
        d.setEventId(eventId);
        d.setRealmId(realmId);
        d.setUrl(url);
        d.setPayload(payload);
        d.setStatus(WebhookOutboxEntity.Status.PENDING.name());
        d.setAttempts(0);
        d.setNextAttemptAt(now);
        d.setClaimedUntil(0);
        d.setCreatedAt(now);
        em.persist(d);
    }

    List<String> due(long now, int limit) {
        return em.createNamedQuery(WebhookOutboxEntity.DUE, String.class).setParameter("now", now)
                .setMaxResults(limit).getResultList();
    }

    /** True for the one node whose conditional update took the row; false if another node holds it. */
    boolean claim(String id, long now, long until) {
        return em.createNamedQuery(WebhookOutboxEntity.CLAIM).setParameter("id", id).setParameter("now", now)
                .setParameter("until", until).executeUpdate() == 1;
    }

    WebhookOutboxEntity find(String id) {
        return em.find(WebhookOutboxEntity.class, id);
    }

    int deleteDoneBefore(WebhookOutboxEntity.Status status, long cutoff) {
        return em.createNamedQuery(WebhookOutboxEntity.DELETE_DONE_BEFORE).setParameter("status", status.name())
                .setParameter("cutoff", cutoff).executeUpdate();
    }

    void deleteOfRealm(String realmId) {
        em.createNamedQuery(WebhookOutboxEntity.DELETE_OF_REALM).setParameter("realmId", realmId).executeUpdate();
    }
}
