package io.opsknight.identity.outbox;

import io.opsknight.identity.common.WholeNumbers;

import java.time.Duration;
import java.util.function.Function;

/**
 * The outbox's server options, read once at boot: how often each node polls, and the email channel's
 * retries (webhooks keep theirs under the audit SPI). Pure, so the rules are unit-tested without a server.
 */
public record OutboxSettings(Duration poll, int emailMaxAttempts, Duration emailBackoffInitial, Duration emailBackoffMax,
                             int emailRetentionDays) {

    public static final String POLL_INTERVAL = "poll-interval-millis";
    public static final String EMAIL_MAX_ATTEMPTS = "email-max-attempts";
    public static final String EMAIL_BACKOFF_INITIAL = "email-backoff-initial-seconds";
    public static final String EMAIL_BACKOFF_MAX = "email-backoff-max-seconds";
    public static final String EMAIL_RETENTION_DAYS = "email-retention-days";

    public static final int DEFAULT_POLL_INTERVAL = 5000;
    /** With the default backoff, 10 attempts span about 4.5 hours: a mail server down for an afternoon loses nothing. */
    public static final int DEFAULT_EMAIL_MAX_ATTEMPTS = 10;
    public static final int DEFAULT_EMAIL_BACKOFF_INITIAL = 30;
    public static final int DEFAULT_EMAIL_BACKOFF_MAX = 3600;
    public static final int DEFAULT_EMAIL_RETENTION_DAYS = 30;

    /**
     * @param option an option's raw value by name, null when unset
     * @throws IllegalArgumentException with a sentence for the operator when the options are unusable
     */
    public static OutboxSettings parse(Function<String, String> option) {
        int initial = number(option, EMAIL_BACKOFF_INITIAL, DEFAULT_EMAIL_BACKOFF_INITIAL, 1);
        int max = number(option, EMAIL_BACKOFF_MAX, DEFAULT_EMAIL_BACKOFF_MAX, 1);
        if (max < initial) {
            throw new IllegalArgumentException("OpsKnight outbox: " + EMAIL_BACKOFF_MAX + " (" + max + ") is below "
                    + EMAIL_BACKOFF_INITIAL + " (" + initial + ").");
        }
        return new OutboxSettings(Duration.ofMillis(number(option, POLL_INTERVAL, DEFAULT_POLL_INTERVAL, 1)),
                number(option, EMAIL_MAX_ATTEMPTS, DEFAULT_EMAIL_MAX_ATTEMPTS, 1), Duration.ofSeconds(initial),
                Duration.ofSeconds(max), number(option, EMAIL_RETENTION_DAYS, DEFAULT_EMAIL_RETENTION_DAYS, 0));
    }

    private static int number(Function<String, String> option, String name, int fallback, int min) {
        int value = WholeNumbers.option(option, "OpsKnight outbox", name, fallback);
        if (value < min) {
            throw new IllegalArgumentException("OpsKnight outbox: " + name + " must be " + min + " or more.");
        }
        return value;
    }
}
