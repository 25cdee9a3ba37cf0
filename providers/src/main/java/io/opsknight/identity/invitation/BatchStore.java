package io.opsknight.identity.invitation;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes OK_INVITATION_BATCH and OK_INVITATION_BATCH_ROW in Keycloak's transaction. */
final class BatchStore {

    private final EntityManager em;

    BatchStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    void add(BatchEntity batch, List<BatchRowEntity> rows) {
        em.persist(batch);
        rows.forEach(em::persist);
        em.flush();
    }

    Optional<BatchEntity> find(String realmId, String id) {
        if (id == null || id.length() > 36) {
            return Optional.empty();
        }
        BatchEntity b = em.find(BatchEntity.class, id);
        return b == null || !b.getRealmId().equals(realmId) ? Optional.empty() : Optional.of(b);
    }

    List<BatchEntity> list(String realmId, int first, int max) {
        return em.createNamedQuery(BatchEntity.LIST, BatchEntity.class).setParameter("realmId", realmId)
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    List<BatchRowEntity> rows(String batchId) {
        return em.createNamedQuery(BatchRowEntity.OF_BATCH, BatchRowEntity.class).setParameter("batchId", batchId).getResultList();
    }

    List<String> pending(String batchId, int max) {
        return em.createNamedQuery(BatchRowEntity.PENDING, String.class).setParameter("batchId", batchId)
                .setMaxResults(max).getResultList();
    }

    BatchRowEntity row(String id) {
        return em.find(BatchRowEntity.class, id);
    }

    /** Per batch, the number of rows in each status. */
    Map<String, Map<String, Integer>> counts(Collection<String> batchIds) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        if (batchIds.isEmpty()) {
            return counts;
        }
        for (Object[] r : em.createNamedQuery(BatchRowEntity.COUNTS, Object[].class).setParameter("batchIds", batchIds).getResultList()) {
            counts.computeIfAbsent((String) r[0], k -> new HashMap<>()).put((String) r[1], ((Number) r[2]).intValue());
        }
        return counts;
    }

    /** @return false when another worker finished the row first */
    boolean finish(String rowId, String status, String reason, String message, String invitationId, long now) {
        return em.createNamedQuery(BatchRowEntity.FINISH).setParameter("id", rowId).setParameter("status", status)
                .setParameter("reason", reason).setParameter("message", clip(message)).setParameter("invitationId", invitationId)
                .setParameter("now", now).executeUpdate() == 1;
    }

    int failPending(String batchId, String reason, String message, long now) {
        return em.createNamedQuery(BatchRowEntity.FAIL_PENDING).setParameter("batchId", batchId).setParameter("reason", reason)
                .setParameter("message", clip(message)).setParameter("now", now).executeUpdate();
    }

    boolean finishBatch(String id, long now) {
        return em.createNamedQuery(BatchEntity.FINISH).setParameter("id", id).setParameter("now", now).executeUpdate() == 1;
    }

    void deleteOfRealm(String realmId) {
        em.createNamedQuery(BatchRowEntity.DELETE_OF_REALM).setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery(BatchEntity.DELETE_OF_REALM).setParameter("realmId", realmId).executeUpdate();
    }

    static String clip(String s) {
        return s == null || s.length() <= 255 ? s : s.substring(0, 254) + "…";
    }
}
