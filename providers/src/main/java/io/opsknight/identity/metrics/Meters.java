package io.opsknight.identity.metrics;

import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The one door to OpsKnight's meters on Keycloak's {@code /metrics} (Micrometer's global registry, which
 * Quarkus serves on the management port when the server runs with {@code --metrics-enabled=true}).
 * Every meter is named {@code opsknight_...} and tagged with the realm's NAME; tags never carry a user,
 * email or token id, only bounded values (outcome, reason code, channel).
 * <p>
 * Counts of changes ({@link #invitation}, {@link #sessionsRevoked}, {@link #outbox}, {@link #setupLockout})
 * are added when the transaction commits, so a rolled-back change is never counted. Counts of refusals and
 * of calls to the outside (SMS, token exchange) are added at once: they happened even when the request
 * rolls back. A meter never fails the caller: any error of the registry is logged at DEBUG and dropped.
 */
public final class Meters {

    private static final Logger LOG = Logger.getLogger(Meters.class);
    /** False when Micrometer is not on the server's class path: every call is then a no-op. */
    private static final boolean AVAILABLE = micrometerPresent();

    public enum InvitationEvent { CREATED, RESENT, ACCEPTED, EXPIRED, REVOKED }

    private Meters() {
    }

    /** An invitation was created, resent, accepted or revoked (counted on commit), or an expired link opened. */
    public static void invitation(KeycloakSession session, RealmModel realm, InvitationEvent event) {
        String realmName = realm.getName();
        afterCommit(session, () -> Registry.count(MeterNames.INVITATIONS, "realm", realmName, "event", lower(event)));
    }

    /**
     * The recorded outcome of one outbox attempt (counted on commit of the sender's transaction).
     *
     * @param outcome        sent, failed (will be retried), dead (no attempt left) or not_configured
     * @param latencyMillis  for a sent message: from the change that wrote it to the receiver's acceptance
     */
    public static void outbox(KeycloakSession session, String realmName, String channel, String outcome, long latencyMillis) {
        afterCommit(session, () -> {
            Registry.count(MeterNames.OUTBOX_MESSAGES, "channel", channel, "realm", realmName, "outcome", outcome);
            if ("sent".equals(outcome)) {
                Registry.deliveryLatency(channel, realmName, latencyMillis);
            }
        });
    }

    /** A setup key was refused: {@code reason} is {@code wrong}, or {@code slowed} (its address is being slowed down). Counted at once. */
    public static void setupKeyRefused(RealmModel realm, String reason) {
        now(() -> Registry.count(MeterNames.SETUP_KEY_REFUSALS, "realm", realm.getName(), "reason", reason));
    }

    /** An address began to be slowed down after too many wrong setup keys (counted when that commits). */
    public static void setupLockout(KeycloakSession session, RealmModel realm) {
        String realmName = realm.getName();
        afterCommit(session, () -> Registry.count(MeterNames.SETUP_LOCKOUTS, "realm", realmName));
    }

    /** One personal API token exchange: {@code issued}, {@code throttled} or the refusal's code. Counted at once. */
    public static void apiTokenExchange(RealmModel realm, String outcome) {
        now(() -> Registry.count(MeterNames.API_TOKEN_EXCHANGES, "realm", realm.getName(), "outcome", outcome));
    }

    /** One verification SMS: sent, failed (the gateway refused or timed out), not_configured, throttled. */
    public static void sms(RealmModel realm, String outcome) {
        now(() -> Registry.count(MeterNames.SMS_SENDS, "realm", realm.getName(), "outcome", outcome));
    }

    /** Sessions ended by OpsKnight (self-service, admin, deactivation, role change), counted on commit. */
    public static void sessionsRevoked(KeycloakSession session, RealmModel realm, int count) {
        if (count <= 0) {
            return;
        }
        String realmName = realm.getName();
        afterCommit(session, () -> Registry.count(MeterNames.SESSIONS_REVOKED, count, "realm", realmName));
    }

    /** A 403 or 429 refusal of our API or pages, by its error code. Counted at once (refusals roll back). */
    public static void refusal(String realmName, int status, String reason) {
        if (status != 403 && status != 429) {
            return;
        }
        now(() -> Registry.count(MeterNames.REFUSALS, "realm", realmName, "status", String.valueOf(status), "reason", reason));
    }

    static boolean available() {
        return AVAILABLE;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void now(Runnable increment) {
        if (!AVAILABLE) {
            return;
        }
        try {
            increment.run();
        } catch (RuntimeException e) {
            LOG.debugf("OpsKnight meter not updated: %s", e.toString());
        }
    }

    /** Runs after the session's transaction committed; nothing on rollback. */
    private static void afterCommit(KeycloakSession session, Runnable increment) {
        if (!AVAILABLE) {
            return;
        }
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                now(increment);
            }

            @Override
            protected void rollbackImpl() {
                // Not counted: the change did not happen.
            }
        });
    }

    private static boolean micrometerPresent() {
        try {
            Class.forName("io.micrometer.core.instrument.Metrics", false, Meters.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
