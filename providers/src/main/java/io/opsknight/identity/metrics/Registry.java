package io.opsknight.identity.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The only class that touches Micrometer for counters and timers, loaded only when Micrometer is present
 * ({@link Meters#available()}). The registry returns the existing meter for a name and tags, so a lookup per
 * increment costs a map read.
 */
final class Registry {

    /**
     * Delivery latency buckets: from a webhook that leaves at once to an email that waited for retries.
     * Fixed buckets (not Micrometer's ~70 default ones) keep the series count small per channel and realm.
     */
    private static final List<Duration> LATENCY_BUCKETS = List.of(
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1));

    private Registry() {
    }

    static MeterRegistry registry() {
        return Metrics.globalRegistry;
    }

    static void count(String name, String... tags) {
        count(name, 1, tags);
    }

    static void count(String name, double amount, String... tags) {
        Counter.builder(name).tags(tags).register(registry()).increment(amount);
    }

    /**
     * The counters that alerts and the funnel read with increase(), created at 0 for a realm: Prometheus cannot
     * see the first increment of a series that appears with value 1.
     */
    static void zeroes(String realmName, List<String> channels) {
        for (Meters.InvitationEvent event : Meters.InvitationEvent.values()) {
            count(MeterNames.INVITATIONS, 0, "realm", realmName, "event", event.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (String channel : channels) {
            for (String outcome : List.of("sent", "failed", "dead")) {
                count(MeterNames.OUTBOX_MESSAGES, 0, "channel", channel, "realm", realmName, "outcome", outcome);
            }
        }
        count(MeterNames.SETUP_LOCKOUTS, 0, "realm", realmName);
        for (String outcome : List.of("sent", "failed")) {
            count(MeterNames.SMS_SENDS, 0, "realm", realmName, "outcome", outcome);
        }
        count(MeterNames.API_TOKEN_EXCHANGES, 0, "realm", realmName, "outcome", "throttled");
    }

    static void deliveryLatency(String channel, String realmName, long millis) {
        Timer.builder(MeterNames.OUTBOX_DELIVERY)
                .description("From the change that wrote an outbox message to its receiver's acceptance")
                .tags("channel", channel, "realm", realmName)
                .serviceLevelObjectives(LATENCY_BUCKETS.toArray(Duration[]::new))
                .register(registry())
                .record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }
}
