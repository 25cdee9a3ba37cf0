package io.opsknight.identity.apitoken;

import io.opsknight.identity.throttle.Limits;
import io.opsknight.identity.throttle.ThrottleEntity;
import io.opsknight.identity.throttle.Throttles;
import org.keycloak.models.KeycloakSession;

import java.util.ArrayList;
import java.util.List;

/**
 * The rate limit on wrong API tokens: at most {@value #MAX_FAILURES} refused exchanges per minute per
 * remote address, and as many per token prefix ({@code okp_} and four characters, the part lists show)
 * whatever the address, so that one leaked-and-revoked token tried from many addresses is held back too.
 * Past that, a wrong token is answered 429 {@code slow_down} with {@code Retry-After} until the minute
 * is over. A valid token is never held back: it is checked before the limit is consulted, so a script
 * behind the same NAT or proxy as a noisy one keeps working.
 * <p>
 * Counters live in OK_THROTTLE (database: every node counts together). A refusal rolls the request back,
 * so a failure is counted in a transaction of its own; once a counter is full nothing more is written
 * until its minute ends, so a flood costs reads, not writes.
 */
final class ExchangeThrottle {

    static final int MAX_FAILURES = 10;
    static final long WINDOW_MILLIS = 60_000L;
    static final String BY_ADDRESS = "api-token-address";
    static final String BY_PREFIX = "api-token-prefix";

    private record Key(String scope, String subject) {
    }

    private final String realmId;
    private final List<Key> keys = new ArrayList<>();

    /** @param prefix the presented token's display prefix, or null when the text is not shaped like a token */
    ExchangeThrottle(String realmId, String clientId, String remoteAddress, String prefix) {
        this.realmId = realmId;
        keys.add(new Key(BY_ADDRESS, clientId + "\n" + remoteAddress));
        if (prefix != null) {
            keys.add(new Key(BY_PREFIX, clientId + "\n" + prefix));
        }
    }

    /** Seconds to wait when a counter of this request is full, else 0. */
    int retryAfter(KeycloakSession session, long now) {
        int wait = 0;
        for (Key key : keys) {
            ThrottleEntity row = Throttles.peek(session, key.scope(), realmId, key.subject()).orElse(null);
            if (row != null) {
                wait = Math.max(wait, Limits.retryAfterSeconds(row, now, WINDOW_MILLIS, MAX_FAILURES));
            }
        }
        return wait;
    }

    /** Counts one wrong token on every counter of this request, committed at once. */
    void failed(KeycloakSession session, long now) {
        for (Key key : keys) {
            Throttles.locked(session.getKeycloakSessionFactory(), key.scope(), realmId, key.subject(), WINDOW_MILLIS,
                    (s, row) -> Limits.take(row, now, WINDOW_MILLIS, MAX_FAILURES));
        }
    }
}
