package io.opsknight.identity.setup;

import io.opsknight.identity.metrics.Meters;
import io.opsknight.identity.common.Digests;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The setup key is never optional. Without a configured key (server option), the server makes one per
 * realm the first time the page is opened, keeps only its digest in OK_SETUP_KEY (so every node of a
 * cluster accepts the same key) and logs it once at WARN, the way Jenkins' first-run key works: whoever
 * reaches the page first must also read the server log. Wrong keys are counted in the same row, so the
 * lockout holds cluster-wide. The row dies with setup ({@link #forget}).
 * <p>
 * Writes run in their own transactions: the key must be stored even though the page request only reads,
 * and a failure must be counted even though the refused request changes nothing.
 */
final class SetupKeys {

    private static final Logger LOG = Logger.getLogger(SetupKeys.class);

    /** 24 base62 characters: about 142 bits from Keycloak's SecureRandom. */
    static final int GENERATED_LENGTH = 24;
    static final int MAX_FAILURES = 10;
    static final long WINDOW_MILLIS = 15 * 60 * 1000L;
    static final long LOCK_MILLIS = 15 * 60 * 1000L;

    /** GONE: the realm's key row is gone, i.e. another request completed setup meanwhile. */
    enum Check { ACCEPTED, WRONG, LOCKED, GONE }

    private SetupKeys() {
    }

    /**
     * Makes sure the realm has its row; when no key is configured, that row holds a freshly made key,
     * which is logged once, by the node whose insert committed.
     */
    static void ensure(KeycloakSession session, RealmModel realm, SetupKey configured) {
        String realmId = realm.getId();
        if (em(session).find(SetupKeyEntity.class, realmId) != null) {
            return;
        }
        String key = configured.required() ? null : SecretGenerator.getInstance().randomString(GENERATED_LENGTH, SecretGenerator.ALPHANUM);
        boolean inserted;
        try {
            inserted = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
                EntityManager em = em(s);
                // No new key once setup is claimed: a racer that lost must not resurrect the key it took along.
                if (em.find(SetupKeyEntity.class, realmId) != null || em.find(SetupClaimEntity.class, realmId) != null) {
                    return false;
                }
                SetupKeyEntity row = new SetupKeyEntity();
                row.setRealmId(realmId);
                row.setKeyDigest(key == null ? null : Digests.sha256Hex(key));
                row.setCreatedAt(Time.currentTimeMillis());
                em.persist(row);
                em.flush();
                return true;
            });
        } catch (RuntimeException e) {
            // Another request or node inserted the row first: its key is the one in the log.
            LOG.debugf("setup of realm %s: setup key row made elsewhere (%s)", realm.getName(), e.getClass().getSimpleName());
            inserted = false;
        }
        if (inserted && key != null) {
            LOG.warnf("OpsKnight setup key for realm '%s': %s", realm.getName(), key);
        }
    }

    /** Whether the page is locked after too many wrong keys (read in the request's transaction). */
    static boolean locked(KeycloakSession session, RealmModel realm) {
        SetupKeyEntity row = em(session).find(SetupKeyEntity.class, realm.getId());
        return row != null && row.getLockedUntil() > Time.currentTimeMillis();
    }

    /** Checks a submitted key under a row lock and counts a wrong one, in a transaction of its own. */
    static Check check(KeycloakSession session, RealmModel realm, SetupKey configured, String given) {
        ensure(session, realm, configured);
        String realmId = realm.getId();
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
            EntityManager em = em(s);
            SetupKeyEntity row = em.find(SetupKeyEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
            long now = Time.currentTimeMillis();
            if (row == null) {
                return Check.GONE; // setup completed meanwhile (the key dies with it)
            }
            if (row.getLockedUntil() > now) {
                return Check.LOCKED;
            }
            boolean accepted = configured.required() ? configured.accepts(given)
                    : given != null && row.getKeyDigest() != null
                      && Digests.sameDigest(row.getKeyDigest(), Digests.sha256Hex(given.strip()));
            if (accepted) {
                return Check.ACCEPTED;
            }
            if (now - row.getWindowStart() > WINDOW_MILLIS) {
                row.setWindowStart(now);
                row.setFailures(0);
            }
            row.setFailures(row.getFailures() + 1);
            if (row.getFailures() >= MAX_FAILURES) {
                row.setLockedUntil(now + LOCK_MILLIS);
                Meters.setupLockout(s, realm);
                row.setFailures(0);
                row.setWindowStart(now);
                LOG.warnf("setup of realm %s: %d wrong setup keys within 15 minutes, the page is locked for 15 minutes",
                        realm.getName(), MAX_FAILURES);
            }
            return Check.WRONG;
        });
    }

    /** The key dies with setup: called in the transaction that creates the first admin. */
    static void forget(KeycloakSession session, RealmModel realm) {
        em(session).createNamedQuery(SetupKeyEntity.DELETE_BY_REALM).setParameter("realmId", realm.getId()).executeUpdate();
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
