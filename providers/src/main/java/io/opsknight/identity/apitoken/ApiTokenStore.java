package io.opsknight.identity.apitoken;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import java.util.List;
import java.util.Optional;

/** Reads and writes OK_API_TOKEN rows in Keycloak's transaction. */
final class ApiTokenStore {

    private final EntityManager em;

    ApiTokenStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    void add(ApiTokenEntity token) {
        em.persist(token);
        em.flush();
    }

    Optional<ApiTokenEntity> byDigest(String digest) {
        return em.createNamedQuery(ApiTokenEntity.BY_DIGEST, ApiTokenEntity.class).setParameter("digest", digest)
                .getResultStream().findFirst();
    }

    /** A token of this user (revoked ones included), or empty: the id of someone else's token is unknown here. */
    Optional<ApiTokenEntity> find(String realmId, String userId, String id) {
        if (id == null || id.length() > 36) {
            return Optional.empty();
        }
        ApiTokenEntity e = em.find(ApiTokenEntity.class, id);
        return e == null || !e.getRealmId().equals(realmId) || !e.getUserId().equals(userId) ? Optional.empty() : Optional.of(e);
    }

    /** Not revoked (expired ones included), newest first. */
    List<ApiTokenEntity> liveOf(String realmId, String userId, int first, int max) {
        return em.createNamedQuery(ApiTokenEntity.LIVE_OF_USER, ApiTokenEntity.class)
                .setParameter("realmId", realmId).setParameter("userId", userId)
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    List<ApiTokenEntity> allLiveOf(String realmId, String userId) {
        return em.createNamedQuery(ApiTokenEntity.LIVE_OF_USER, ApiTokenEntity.class)
                .setParameter("realmId", realmId).setParameter("userId", userId).getResultList();
    }

    /** True when the user has a live token of this name (case-insensitive). */
    boolean nameTaken(String realmId, String userId, String name) {
        return em.createNamedQuery(ApiTokenEntity.COUNT_NAME, Long.class)
                .setParameter("realmId", realmId).setParameter("userId", userId)
                .setParameter("name", name.toLowerCase(java.util.Locale.ROOT)).getSingleResult() > 0;
    }

    /** Sets last used to now unless it was set less than a minute ago; true when a row changed. */
    boolean touch(String id, long now) {
        return em.createNamedQuery(ApiTokenEntity.TOUCH).setParameter("id", id).setParameter("now", now)
                .setParameter("cutoff", now - ApiTokenService.LAST_USED_RESOLUTION_MILLIS).executeUpdate() == 1;
    }

    void deleteOfUser(String realmId, String userId) {
        em.createNamedQuery(ApiTokenEntity.DELETE_OF_USER).setParameter("realmId", realmId).setParameter("userId", userId)
                .executeUpdate();
    }

    void deleteOfRealm(String realmId) {
        em.createNamedQuery(ApiTokenEntity.DELETE_OF_REALM).setParameter("realmId", realmId).executeUpdate();
    }
}
