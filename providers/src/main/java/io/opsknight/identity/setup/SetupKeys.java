package io.opsknight.identity.setup;

import io.opsknight.identity.metrics.Meters;
import io.opsknight.identity.common.Digests;
import io.opsknight.identity.throttle.Limits;
import io.opsknight.identity.throttle.Throttles;
import org.jboss.logging.Logger;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The setup key is never optional. Without a configured key (server option), the server makes one per
 * realm the first time the page is opened, keeps only its digest in OK_SETUP_KEY (so every node of a
 * cluster accepts the same key) and logs it once at WARN, the way Jenkins' first-run key works: whoever
 * reaches the page first must also read the server log. Wrong keys slow down the address they come from
 * (counted in OK_THROTTLE, so the delay holds cluster-wide) and never lock anyone out of the right key: a
 * key of 142 bits is not found by guessing, and a lockout would only let anyone keep the operator out.
 * The row dies with setup ({@link #forget}).
 * <p>
 * Writes run in their own transactions: the key must be stored even though the page request only reads,
 * and a failure must be counted even though the refused request changes nothing.
 */
final class SetupKeys {

    private static final Logger LOG = Logger.getLogger(SetupKeys.class);

    /** 24 base62 characters: about 142 bits from Keycloak's SecureRandom. */
    static final int GENERATED_LENGTH = 24;
    /** Wrong keys from one address answered without delay (typos). */
    static final int FREE_FAILURES = 5;
    static final long FIRST_DELAY_MILLIS = 5_000L;
    static final long MAX_DELAY_MILLIS = 15 * 60 * 1000L;
    /** An address without a wrong key for this long starts afresh. */
    static final long QUIET_MILLIS = 60 * 60 * 1000L;
    static final String THROTTLE_SCOPE = "setup-key-address";

    /**
     * SLOWED: a wrong key from an address that is still in its delay (429 with Retry-After).
     * GONE: the realm's key row is gone, i.e. another request completed setup meanwhile.
     */
    enum Check { ACCEPTED, WRONG, SLOWED, GONE }

    private SetupKeys() {
    }

    /**
     * Makes sure the realm has its row; when no key is configured, that row holds a freshly made key,
     * which is logged once, by the node whose insert committed.
     */
    static void ensure(KeycloakSession session, RealmModel realm, SetupKey configured) {
        String realmId = realm.getId();
        if (SetupKeyStore.of(session).find(realmId) != null) {
            return;
        }
        String key = configured.required() ? null : SecretGenerator.getInstance().randomString(GENERATED_LENGTH, SecretGenerator.ALPHANUM);
        boolean inserted;
        try {
            inserted = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
                SetupKeyStore keys = SetupKeyStore.of(s);
                // No new key once setup is claimed: a racer that lost must not resurrect the key it took along.
                if (keys.find(realmId) != null || SetupClaimStore.of(s).claimed(realmId)) {
                    return false;
                }
                SetupKeyEntity row = new SetupKeyEntity();
                row.setRealmId(realmId);
                row.setKeyDigest(key == null ? null : Digests.sha256Hex(key));
                row.setCreatedAt(Time.currentTimeMillis());
                keys.add(row);
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

    /**
     * The outcome of a submitted key; {@code retryAfterSeconds} is set for SLOWED (and for WRONG once the
     * address has a delay).
     */
    record KeyCheck(Check check, int retryAfterSeconds) {
    }

    /**
     * Checks a submitted key, then counts a wrong one against the sender's address in a transaction of its
     * own. A correct key is accepted from any address at any time: the slowdown never stands between the
     * operator and setup. A wrong key from an address still in its delay is SLOWED (429), and every wrong
     * key from that address doubles its delay ({@link #FREE_FAILURES} free, then 5 s, 10 s, ... at most
     * {@link #MAX_DELAY_MILLIS}); other addresses are not affected.
     */
    static KeyCheck check(KeycloakSession session, RealmModel realm, SetupKey configured, String given, String address) {
        ensure(session, realm, configured);
        String realmId = realm.getId();
        Check check = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
            SetupKeyEntity row = SetupKeyStore.of(s).find(realmId);
            if (row == null) {
                return Check.GONE; // setup completed meanwhile (the key dies with it)
            }
            boolean accepted = configured.required() ? configured.accepts(given)
                    : given != null && row.getKeyDigest() != null
                      && Digests.sameDigest(row.getKeyDigest(), Digests.sha256Hex(given.strip()));
            return accepted ? Check.ACCEPTED : Check.WRONG;
        });
        if (check != Check.WRONG) {
            return new KeyCheck(check, 0);
        }
        long now = Time.currentTimeMillis();
        return Throttles.locked(session.getKeycloakSessionFactory(), THROTTLE_SCOPE, realmId, address == null ? "" : address,
                QUIET_MILLIS, (s, row) -> {
                    // WINDOW_START is the last wrong key: an address quiet for an hour starts afresh.
                    if (now - row.getWindowStart() > QUIET_MILLIS) {
                        row.setHits(0);
                        row.setBlockedUntil(0);
                    }
                    boolean slowed = row.getBlockedUntil() > now;
                    row.setHits(row.getHits() + 1);
                    row.setWindowStart(now);
                    long delay = Limits.delayMillis(row.getHits(), FREE_FAILURES, FIRST_DELAY_MILLIS, MAX_DELAY_MILLIS);
                    row.setBlockedUntil(delay == 0 ? 0 : now + delay);
                    if (row.getHits() == FREE_FAILURES + 1) {
                        Meters.setupLockout(s, realm);
                        LOG.warnf("setup of realm %s: %d wrong setup keys from one address; its next tries are slowed",
                                realm.getName(), row.getHits());
                    }
                    return new KeyCheck(slowed ? Check.SLOWED : Check.WRONG, delay == 0 ? 0 : Limits.seconds(delay));
                });
    }

    /** The key dies with setup: called in the transaction that creates the first admin. */
    static void forget(KeycloakSession session, RealmModel realm) {
        SetupKeyStore.of(session).deleteOfRealm(realm.getId());
    }
}
