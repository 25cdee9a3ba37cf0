package io.opsknight.identity.apitoken;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Map;

/**
 * The rate limit on wrong tokens: at most {@value #MAX_FAILURES} refused exchanges per client, per
 * remote address, per fixed minute; past that every exchange from that address through that client is
 * answered 429 {@code slow_down} with {@code Retry-After} until the minute is over. Keyed by address
 * as well as client so that one noisy script cannot lock every other script out of the shared client.
 * <p>
 * Counters live in Keycloak's single-use object store (the {@code actionTokens} cache: cluster-wide,
 * expiring by itself). A refusal rolls the request's transaction back, so a failure is counted in a
 * transaction of its own. Two refusals at the same instant may count once: a limit, not a ledger.
 */
final class ExchangeThrottle {

    static final int MAX_FAILURES = 10;
    static final int WINDOW_SECONDS = 60;

    private final String key;
    private final long windowEnd;

    ExchangeThrottle(String realmId, String clientId, String remoteAddress, long nowSeconds) {
        long window = nowSeconds / WINDOW_SECONDS;
        this.key = "opsknight-api-token-failures:" + realmId + ":" + clientId + ":" + remoteAddress + ":" + window;
        this.windowEnd = (window + 1) * WINDOW_SECONDS;
    }

    /** Seconds to wait when the limit is reached, else 0. */
    int retryAfter(KeycloakSession session, long nowSeconds) {
        return count(session.singleUseObjects()) >= MAX_FAILURES ? (int) Math.max(1, windowEnd - nowSeconds) : 0;
    }

    /** Counts one wrong token, committed at once (the request's own transaction rolls back). */
    void failed(KeycloakSession session) {
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
            SingleUseObjectProvider store = s.singleUseObjects();
            store.put(key, WINDOW_SECONDS * 2L, Map.of("n", String.valueOf(count(store) + 1)));
        });
    }

    private int count(SingleUseObjectProvider store) {
        Map<String, String> notes = store.get(key);
        if (notes == null || notes.get("n") == null) {
            return 0;
        }
        try {
            return Integer.parseInt(notes.get("n"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
