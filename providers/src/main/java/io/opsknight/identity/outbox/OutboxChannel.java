package io.opsknight.identity.outbox;

import org.keycloak.models.KeycloakSession;

import java.time.Duration;

/**
 * How one kind of message leaves: webhooks post to a receiver, email goes through the realm's mail server.
 * The sender owns everything else (claim, retry, backoff, DEAD); a channel only sends one message and says
 * how often to try. Called on the sender's thread, in a session of its own, outside the change's transaction.
 */
public interface OutboxChannel {

    /** The CHANNEL column's value. */
    String name();

    Retry retry();

    /**
     * The sender thread this channel's messages go through. Deliveries (emails, webhooks) share one; a long job
     * (an invitation batch) runs on its own, so the emails it writes leave while it goes on instead of between
     * its parts.
     */
    default Lane lane() {
        return Lane.DELIVERY;
    }

    enum Lane { DELIVERY, JOBS }

    /** Sends one message; throws nothing (a failure is an {@link Attempt} with its error). */
    Attempt send(KeycloakSession session, OutboxMessage message);

    /** The message in a log line: no secret, no personal data. */
    default String describe(OutboxMessage message) {
        return message.channel() + " message " + message.id() + " (ref " + message.ref() + ")";
    }

    /** Days a SENT (and SUPERSEDED, NOT_CONFIGURED) row is kept, and a DEAD one; 0 keeps forever. */
    default int keepDoneDays() {
        return 7;
    }

    default int keepDeadDays() {
        return 365;
    }

    /**
     * @param maxAttempts attempts before DEAD
     * @param initial     the wait after the first failure, doubling up to {@code max}
     * @param lease       how long a node owns a message it claimed: longer than one attempt can take
     */
    record Retry(int maxAttempts, Duration initial, Duration max, Duration lease) {

        /** The wait after the {@code attempts}-th failed attempt: doubling from the initial delay, capped. */
        public Duration backoff(int attempts) {
            long factor = 1L << Math.min(Math.max(attempts - 1, 0), 30);
            long seconds = initial.getSeconds() * factor;
            return seconds >= max.getSeconds() || seconds < 0 ? max : Duration.ofSeconds(seconds);
        }
    }

    /**
     * The outcome of one attempt.
     *
     * @param done  SENT or NOT_CONFIGURED (final), or null: failed, try again until the last attempt
     * @param error what went wrong (null when sent)
     * @param more  not failed and not done: a long job did one part and wants the next turn (no attempt counted)
     */
    record Attempt(OutboxEntity.Status done, String error, boolean more) {

        public Attempt(OutboxEntity.Status done, String error) {
            this(done, error, false);
        }

        /** One part of a long job is done (e.g. a chunk of an invitation batch): due again at once, released meanwhile. */
        public static Attempt nextPart() {
            return new Attempt(null, null, true);
        }

        public static Attempt sent() {
            return new Attempt(OutboxEntity.Status.SENT, null);
        }

        public static Attempt failed(String error) {
            return new Attempt(null, error == null ? "failed" : error.length() > 250 ? error.substring(0, 250) : error);
        }

        public static Attempt notConfigured(String why) {
            return new Attempt(OutboxEntity.Status.NOT_CONFIGURED, why);
        }
    }
}
