package io.opsknight.identity.users;

import jakarta.persistence.EntityManager;
import org.keycloak.models.KeycloakSession;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * A realm's unfiltered counters read from {@code OK_PEOPLE_COUNT}, which PostgreSQL triggers keep as people change
 * (the changelog {@code opsknight-2026-12-07-people-counts.xml} says how), instead of counting the realm on every
 * page view: a few rows instead of an index-only scan of a million entries. Other databases keep counting.
 * <p>
 * The triggers only insert signed deltas (no counter row to wait for); when a realm has more than {@link #FOLD_AT}
 * of them, the reader folds them into one row per (enabled, kind) in its own transaction's statement. Two readers
 * folding at once each delete only the rows their statement saw and the other had not deleted, so no delta is
 * counted twice or lost.
 */
public final class PeopleCounts {

    private static final Logger LOG = Logger.getLogger(PeopleCounts.class);
    /** Delta rows of a realm above which a reader folds them (a sign-up adds one; reading 64 rows costs nothing). */
    static final int FOLD_AT = 64;

    private PeopleCounts() {
    }

    /** Whether the triggers keep the counts here (the changeSet runs on PostgreSQL only). */
    static boolean kept(EntityManager em) {
        String product = em.unwrap(Session.class).doReturningWork(c -> c.getMetaData().getDatabaseProductName());
        return "PostgreSQL".equals(product);
    }

    /** A removed realm's rows (its people's deletions have added their deltas by then). */
    public static void deleteOfRealm(KeycloakSession session, String realmId) {
        EntityManager em = UserQuery.em(session);
        if (kept(em)) {
            em.createNativeQuery("delete from ok_people_count where realm_id = :realmId")
                    .setParameter("realmId", realmId)
                    .executeUpdate();
        }
    }

    /** {@code [all, invited][disabled, enabled]}, as {@link UserQuery#countByStatus} adds them up. */
    static long[][] read(EntityManager em, String realmId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select kind, enabled, sum(n), count(*) from ok_people_count"
                        + " where realm_id = :realmId group by kind, enabled")
                .setParameter("realmId", realmId)
                .getResultList();
        long[][] n = new long[2][2];
        long deltas = 0;
        for (Object[] r : rows) {
            UserQuery.add(n, r);
            deltas += ((Number) r[3]).longValue();
        }
        if (deltas > FOLD_AT) {
            int folded = em.createNativeQuery("with gone as (delete from ok_people_count where realm_id = :realmId"
                            + " returning enabled, kind, n) insert into ok_people_count (realm_id, enabled, kind, n)"
                            + " select :realmId, enabled, kind, sum(n) from gone group by enabled, kind having sum(n) <> 0")
                    .setParameter("realmId", realmId)
                    .executeUpdate();
            LOG.debugf("Folded %d people count deltas of realm %s into %d rows", (Object) deltas, realmId, folded);
        }
        return n;
    }
}
