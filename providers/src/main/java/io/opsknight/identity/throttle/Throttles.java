package io.opsknight.identity.throttle;

import io.opsknight.identity.common.Digests;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ModelException;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Rate-limit counters in the database (OK_THROTTLE), so that every node of a cluster sees the same count
 * and a restart forgets nothing. A counter is read without a lock ({@link #peek}) where a stale read is
 * harmless, and changed under a row lock in a transaction of its own ({@link #locked}): a refused request
 * rolls its own transaction back, and its count must stay.
 */
public final class Throttles {

    private static final Logger LOG = Logger.getLogger(Throttles.class);

    private Throttles() {
    }

    /** The counter, as committed, or empty: read in the caller's transaction, without a lock. */
    public static Optional<ThrottleEntity> peek(KeycloakSession session, String scope, String realmId, String subject) {
        return Optional.ofNullable(em(session).find(ThrottleEntity.class, id(scope, realmId, subject)));
    }

    /**
     * Runs {@code change} on the counter's row (made when absent) under a row lock, in a transaction of its
     * own that commits when {@code change} returns: concurrent callers, on any node, run one after another.
     * The row lives at least {@code ttlMillis} from now, and until its block ends.
     */
    public static <T> T locked(KeycloakSessionFactory factory, String scope, String realmId, String subject, long ttlMillis,
                               BiFunction<KeycloakSession, ThrottleEntity, T> change) {
        String id = id(scope, realmId, subject);
        try {
            return lockedOnce(factory, id, scope, realmId, ttlMillis, change);
        } catch (PersistenceException | ModelException e) {
            // Two first hits inserted the same row at once: the loser's insert failed on the key; the row now exists.
            LOG.debugf("throttle %s: concurrent first hit (%s), counting again", scope, e.getClass().getSimpleName());
            return lockedOnce(factory, id, scope, realmId, ttlMillis, change);
        }
    }

    private static <T> T lockedOnce(KeycloakSessionFactory factory, String id, String scope, String realmId, long ttlMillis,
                                    BiFunction<KeycloakSession, ThrottleEntity, T> change) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            EntityManager em = em(s);
            long now = Time.currentTimeMillis();
            ThrottleEntity row = em.find(ThrottleEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                // New subjects are where counters pile up (one per address): old ones go first.
                em.createNamedQuery(ThrottleEntity.DELETE_EXPIRED).setParameter("now", now).executeUpdate();
                row = new ThrottleEntity();
                row.setId(id);
                row.setScope(scope);
                row.setRealmId(realmId);
                row.setWindowStart(now);
                row.setExpiresAt(now + ttlMillis);
                em.persist(row);
                em.flush();
            }
            T result = change.apply(s, row);
            row.setExpiresAt(Math.max(now + ttlMillis, row.getBlockedUntil()));
            return result;
        });
    }

    /** Drops a realm's counters with the realm. */
    public static void deleteOfRealm(KeycloakSession session, String realmId) {
        em(session).createNamedQuery(ThrottleEntity.DELETE_OF_REALM).setParameter("realmId", realmId).executeUpdate();
    }

    /** No address, number or prefix in clear in the table. */
    static String id(String scope, String realmId, String subject) {
        return Digests.sha256Hex(scope + "\n" + realmId + "\n" + subject);
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
