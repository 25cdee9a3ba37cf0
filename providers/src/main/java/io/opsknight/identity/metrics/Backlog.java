package io.opsknight.identity.metrics;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import java.time.Duration;
import java.util.List;

/**
 * The outbox backlog as two gauges per channel and realm: {@code opsknight_outbox_pending} and
 * {@code opsknight_outbox_oldest_pending_age_seconds}. The numbers come from the database (one grouped,
 * index-only query over the PENDING rows), so every node of a cluster reports the same shared backlog:
 * aggregate them with {@code max()}, never {@code sum()}.
 * <p>
 * A scrape never waits for the database: it reads the last result, and if that is older than the refresh
 * interval it asks a background thread for a new one. So the query runs at most once per interval per
 * node, however often or concurrently the node is scraped.
 */
public final class Backlog {

    /** The PENDING messages of one channel in one realm; {@code oldestCreatedAt} in epoch milliseconds. */
    public record Row(String channel, String realmId, long pending, long oldestCreatedAt) {
    }

    /** Reads the backlog in the given session (the outbox's indexed query). */
    @FunctionalInterface
    public interface Source {
        List<Row> read(KeycloakSession session);
    }

    public static final Duration REFRESH = Duration.ofSeconds(5);

    private Backlog() {
    }

    /**
     * Registers the gauges for every realm and the given channels; close the result when the server stops.
     * A no-op when Micrometer is absent.
     */
    public static AutoCloseable start(KeycloakSessionFactory factory, List<String> channels, Source source) {
        if (!Meters.available()) {
            return () -> { };
        }
        BacklogGauges gauges = new BacklogGauges(factory, List.copyOf(channels), source, REFRESH);
        gauges.refreshSoon();
        return gauges;
    }
}
