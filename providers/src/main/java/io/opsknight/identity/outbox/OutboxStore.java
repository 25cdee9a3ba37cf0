package io.opsknight.identity.outbox;

import io.opsknight.identity.metrics.Backlog;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Collection;
import java.util.List;

/** The one seam to OK_OUTBOX. */
record OutboxStore(EntityManager em) {

    static OutboxStore of(KeycloakSession session) {
        return new OutboxStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    OutboxEntity add(String channel, String ref, String realmId, String target, String payload, OutboxEntity.Status status, long now) {
        OutboxEntity m = new OutboxEntity();
        m.setId(KeycloakModelUtils.generateId());
        m.setChannel(channel);
        m.setRef(ref);
        m.setRealmId(realmId);
        m.setTarget(target);
        m.setPayload(payload);
        m.setStatus(status.name());
        m.setAttempts(0);
        m.setNextAttemptAt(now);
        m.setClaimedUntil(0);
        m.setCreatedAt(now);
        if (status != OutboxEntity.Status.PENDING) {
            m.setDoneAt(now);
        }
        em.persist(m);
        return m;
    }

    /** Due messages of the given channels (one sender lane's), oldest first. */
    List<OutboxEntity> due(long now, Collection<String> channels, int limit) {
        return channels.isEmpty() ? List.of() : em.createNamedQuery(OutboxEntity.DUE, OutboxEntity.class).setParameter("now", now)
                .setParameter("channels", channels).setMaxResults(limit).getResultList();
    }

    /** True for the one node whose conditional update took the row; false if another node holds it. */
    boolean claim(String id, long now, long until) {
        return em.createNamedQuery(OutboxEntity.CLAIM).setParameter("id", id).setParameter("now", now)
                .setParameter("until", until).executeUpdate() == 1;
    }

    int supersede(String channel, String ref, long now) {
        return em.createNamedQuery(OutboxEntity.SUPERSEDE).setParameter("channel", channel).setParameter("ref", ref)
                .setParameter("now", now).executeUpdate();
    }

    /** The messages (not superseded) about these refs, oldest first. */
    List<OutboxEntity> ofRefs(String channel, Collection<String> refs) {
        return refs.isEmpty() ? List.of() : em.createNamedQuery(OutboxEntity.OF_REFS, OutboxEntity.class)
                .setParameter("channel", channel).setParameter("refs", refs).getResultList();
    }

    /** The row, locked until the transaction ends: a supersede of it waits (see OutboxSender.deliver). */
    OutboxEntity lock(String id) {
        return em.find(OutboxEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    int deleteDoneBefore(String channel, Collection<OutboxEntity.Status> statuses, long cutoff) {
        return em.createNamedQuery(OutboxEntity.DELETE_DONE_BEFORE).setParameter("channel", channel)
                .setParameter("statuses", statuses.stream().map(Enum::name).toList())
                .setParameter("cutoff", cutoff).executeUpdate();
    }

    /** The PENDING messages per channel and realm, with the oldest one's creation time. */
    List<Backlog.Row> backlog() {
        return em.createNamedQuery(OutboxEntity.BACKLOG, Object[].class).getResultList().stream()
                .map(r -> new Backlog.Row((String) r[0], (String) r[1], ((Number) r[2]).longValue(), ((Number) r[3]).longValue()))
                .toList();
    }

    void deleteOfRealm(String realmId) {
        em.createNamedQuery(OutboxEntity.DELETE_OF_REALM).setParameter("realmId", realmId).executeUpdate();
    }
}
