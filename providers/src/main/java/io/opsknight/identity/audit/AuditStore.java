package io.opsknight.identity.audit;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one seam to OK_AUDIT_EVENT. */
record AuditStore(EntityManager em) {

    static AuditStore of(KeycloakSession session) {
        return new AuditStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    void persist(AuditEventEntity e) {
        em.persist(e);
    }

    /** Newest first; the caller cuts the page (see {@link AuditFilter#window()}). */
    @SuppressWarnings("unchecked")
    List<AuditEventEntity> newest(String realmId, AuditFilter filter, int limit) {
        Search search = search(realmId, filter);
        Query q = em.createNativeQuery(search.sql(), AuditEventEntity.class);
        search.params().forEach(q::setParameter);
        return q.setMaxResults(limit).getResultList();
    }

    int deleteBefore(long cutoff) {
        return em.createNamedQuery(AuditEventEntity.DELETE_BEFORE).setParameter("cutoff", cutoff).executeUpdate();
    }

    void deleteOfRealm(String realmId) {
        em.createNamedQuery(AuditEventEntity.DELETE_OF_REALM).setParameter("realmId", realmId).executeUpdate();
    }

    /** A query of the trail: its SQL and parameters (PostgreSQL's plan of it is checked by AuditPlanIT). */
    record Search(String sql, Map<String, Object> params) {
    }

    /**
     * SQL rather than JPQL because the filters combine freely and the plan is measured: each filter
     * has an index that starts with the realm, filters on its column and yields the time order
     * (IDX_OK_AUDIT_REALM_TYPE_TIME, _USER_TIME, _ACTOR_TIME; a time range alone uses _REALM_TIME).
     */
    static Search search(String realmId, AuditFilter filter) {
        StringBuilder sql = new StringBuilder("select * from OK_AUDIT_EVENT where REALM_ID = :realmId");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("realmId", realmId);
        if (filter.ourType() != null) {
            sql.append(" and TYPE = :type");
            params.put("type", filter.ourType().key());
        }
        if (filter.userId() != null) {
            sql.append(" and USER_ID = :userId");
            params.put("userId", filter.userId());
        }
        if (filter.actorId() != null) {
            sql.append(" and ACTOR_ID = :actorId");
            params.put("actorId", filter.actorId());
        }
        if (filter.from() != null) {
            sql.append(" and CREATED_AT >= :fromTime");
            params.put("fromTime", filter.from());
        }
        if (filter.to() != null) {
            sql.append(" and CREATED_AT < :toTime");
            params.put("toTime", filter.to());
        }
        sql.append(" order by CREATED_AT desc, ID desc");
        return new Search(sql.toString(), params);
    }
}
