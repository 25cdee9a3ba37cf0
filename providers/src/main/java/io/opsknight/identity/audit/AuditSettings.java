package io.opsknight.identity.audit;

import io.opsknight.identity.common.WholeNumbers;
import io.opsknight.identity.outbox.OutboxChannel;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The server options of the audit trail and its webhooks, read once at boot. Pure, so the rules
 * (a secret is required with URLs, the retry schedule) are unit-tested without a server.
 */
public record AuditSettings(List<URI> webhookUrls, String webhookSecret, int timeoutMillis, int maxAttempts,
                            Duration backoffInitial, Duration backoffMax,
                            int retentionDays, int webhookRetentionDays) {

    public static final String WEBHOOK_URLS = "webhook-urls";
    public static final String WEBHOOK_SECRET = "webhook-secret";
    public static final String TIMEOUT_MILLIS = "webhook-timeout-millis";
    public static final String MAX_ATTEMPTS = "webhook-max-attempts";
    public static final String BACKOFF_INITIAL = "webhook-backoff-initial-seconds";
    public static final String BACKOFF_MAX = "webhook-backoff-max-seconds";
    public static final String RETENTION_DAYS = "retention-days";
    public static final String WEBHOOK_RETENTION_DAYS = "webhook-retention-days";

    public static final int DEFAULT_TIMEOUT_MILLIS = 5000;
    /** With the default backoff, 20 attempts span about three hours: a receiver down for an hour loses nothing. */
    public static final int DEFAULT_MAX_ATTEMPTS = 20;
    public static final int DEFAULT_BACKOFF_INITIAL = 5;
    public static final int DEFAULT_BACKOFF_MAX = 900;
    public static final int DEFAULT_RETENTION_DAYS = 365;
    public static final int DEFAULT_WEBHOOK_RETENTION_DAYS = 7;
    static final int MIN_SECRET_LENGTH = 16;

    /**
     * @param option an option's raw value by name, null when unset
     * @throws IllegalArgumentException with a sentence for the operator when the options are unusable
     */
    public static AuditSettings parse(Function<String, String> option) {
        List<URI> urls = Arrays.stream(blankToEmpty(option.apply(WEBHOOK_URLS)).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(AuditSettings::url).toList();
        String secret = option.apply(WEBHOOK_SECRET);
        secret = secret == null || secret.isBlank() ? null : secret.strip();
        if (!urls.isEmpty() && secret == null) {
            // Unsigned events would let anyone who can reach a receiver forge "user deactivated".
            throw new IllegalArgumentException("OpsKnight webhooks: " + WEBHOOK_URLS + " is set but " + WEBHOOK_SECRET
                    + " is not; every delivery is signed, so set a random secret of at least " + MIN_SECRET_LENGTH + " characters.");
        }
        if (secret != null && secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("OpsKnight webhooks: " + WEBHOOK_SECRET + " must have at least "
                    + MIN_SECRET_LENGTH + " characters.");
        }
        int initial = positive(option, BACKOFF_INITIAL, DEFAULT_BACKOFF_INITIAL);
        int max = positive(option, BACKOFF_MAX, DEFAULT_BACKOFF_MAX);
        if (max < initial) {
            throw new IllegalArgumentException("OpsKnight webhooks: " + BACKOFF_MAX + " (" + max + ") is below "
                    + BACKOFF_INITIAL + " (" + initial + ").");
        }
        return new AuditSettings(urls, secret, positive(option, TIMEOUT_MILLIS, DEFAULT_TIMEOUT_MILLIS),
                positive(option, MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS), Duration.ofSeconds(initial), Duration.ofSeconds(max),
                nonNegative(option, RETENTION_DAYS, DEFAULT_RETENTION_DAYS),
                nonNegative(option, WEBHOOK_RETENTION_DAYS, DEFAULT_WEBHOOK_RETENTION_DAYS));
    }

    /** Never the secret: the settings (and the webhook channel that holds them) may end up in a log line. */
    @Override
    public String toString() {
        return "AuditSettings[webhookUrls=" + webhookUrls.size() + ", webhookSecret=" + (webhookSecret == null ? "unset" : "set")
                + ", timeoutMillis=" + timeoutMillis + ", maxAttempts=" + maxAttempts + ", backoffInitial=" + backoffInitial
                + ", backoffMax=" + backoffMax + ", retentionDays=" + retentionDays + ", webhookRetentionDays=" + webhookRetentionDays + "]";
    }

    public boolean webhooksEnabled() {
        return !webhookUrls.isEmpty();
    }

    /** The webhooks' retries in the outbox: doubling from the initial delay up to the cap, DEAD after the last. */
    public OutboxChannel.Retry retry() {
        return new OutboxChannel.Retry(maxAttempts, backoffInitial, backoffMax, claimLease());
    }

    /** How long a node owns a delivery it claimed: longer than one attempt can take, so no two nodes send it at once. */
    public Duration claimLease() {
        return Duration.ofMillis(4L * timeoutMillis + 10_000);
    }

    private static URI url(String raw) {
        URI uri;
        try {
            uri = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("OpsKnight webhooks: '" + raw + "' in " + WEBHOOK_URLS + " is not a URL.");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("OpsKnight webhooks: '" + raw + "' in " + WEBHOOK_URLS
                    + " must be an http(s) URL with a host.");
        }
        return uri;
    }

    private static int positive(Function<String, String> option, String name, int fallback) {
        int value = number(option, name, fallback);
        if (value <= 0) {
            throw new IllegalArgumentException("OpsKnight audit: " + name + " must be a positive whole number.");
        }
        return value;
    }

    private static int nonNegative(Function<String, String> option, String name, int fallback) {
        int value = number(option, name, fallback);
        if (value < 0) {
            throw new IllegalArgumentException("OpsKnight audit: " + name + " must be 0 (keep forever) or more.");
        }
        return value;
    }

    private static int number(Function<String, String> option, String name, int fallback) {
        return WholeNumbers.option(option, "OpsKnight audit", name, fallback);
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s;
    }
}
