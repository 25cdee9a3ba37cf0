package io.opsknight.identity.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/** {@link Backlog}'s gauges: the last database reading, refreshed in the background when stale. */
final class BacklogGauges implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BacklogGauges.class);

    /** One reading: per "channel realmName", {pending, oldestCreatedAt}; the realms that exist. */
    private record Snapshot(long takenAt, Map<String, long[]> byKey, Map<String, String> realmNames) {
    }

    private final KeycloakSessionFactory factory;
    private final List<String> channels;
    private final Backlog.Source source;
    private final long refreshMillis;
    private final ExecutorService refresher;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    // This node's registered gauges per realm name (registry bookkeeping, not shared data).
    private final Map<String, List<Meter>> registered = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(0, Map.of(), Map.of());

    BacklogGauges(KeycloakSessionFactory factory, List<String> channels, Backlog.Source source, Duration refresh) {
        this.factory = factory;
        this.channels = channels;
        this.source = source;
        this.refreshMillis = refresh.toMillis();
        this.refresher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "opsknight-metrics");
            t.setDaemon(true);
            return t;
        });
    }

    double pending(String channel, String realmName) {
        refreshIfStale();
        long[] v = snapshot.byKey().get(channel + " " + realmName);
        return v == null ? 0 : v[0];
    }

    double oldestAgeSeconds(String channel, String realmName) {
        refreshIfStale();
        long[] v = snapshot.byKey().get(channel + " " + realmName);
        return v == null || v[0] == 0 ? 0 : Math.max(0, Time.currentTimeMillis() - v[1]) / 1000.0;
    }

    private void refreshIfStale() {
        if (Time.currentTimeMillis() - snapshot.takenAt() >= refreshMillis) {
            refreshSoon();
        }
    }

    /** At most one refresh queued or running: concurrent scrapes share it and never wait for it. */
    void refreshSoon() {
        if (refreshing.compareAndSet(false, true)) {
            try {
                refresher.execute(() -> {
                    try {
                        refresh();
                    } catch (RuntimeException e) {
                        LOG.debugf("OpsKnight backlog gauges not refreshed (the last reading stays): %s", e.toString());
                    } finally {
                        refreshing.set(false);
                    }
                });
            } catch (RuntimeException e) {
                refreshing.set(false); // shutting down
            }
        }
    }

    private void refresh() {
        Snapshot next = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            Map<String, String> realms = session.realms().getRealmsStream()
                    .collect(Collectors.toMap(RealmModel::getId, RealmModel::getName));
            Map<String, long[]> byKey = new HashMap<>();
            for (Backlog.Row row : source.read(session)) {
                String name = realms.get(row.realmId());
                if (name != null) {
                    byKey.put(row.channel() + " " + name, new long[]{row.pending(), row.oldestCreatedAt()});
                }
            }
            return new Snapshot(Time.currentTimeMillis(), byKey, realms);
        });
        snapshot = next;
        List<String> names = new ArrayList<>(next.realmNames().values());
        names.forEach(this::register);
        registered.keySet().stream().filter(n -> !names.contains(n)).toList().forEach(this::unregister);
    }

    private void register(String realmName) {
        registered.computeIfAbsent(realmName, name -> {
            Registry.zeroes(name, channels);
            List<Meter> meters = new ArrayList<>();
            for (String channel : channels) {
                meters.add(Gauge.builder(MeterNames.OUTBOX_PENDING, this, g -> g.pending(channel, name))
                        .description("Outbox messages not yet sent (shared by all nodes: aggregate with max)")
                        .tags("channel", channel, "realm", name).strongReference(true).register(Registry.registry()));
                meters.add(Gauge.builder(MeterNames.OUTBOX_OLDEST_PENDING_AGE, this, g -> g.oldestAgeSeconds(channel, name))
                        .description("Age of the oldest outbox message not yet sent (shared by all nodes: aggregate with max)")
                        .baseUnit("seconds")
                        .tags("channel", channel, "realm", name).strongReference(true).register(Registry.registry()));
            }
            return meters;
        });
    }

    private void unregister(String realmName) {
        List<Meter> meters = registered.remove(realmName);
        if (meters != null) {
            meters.forEach(Registry.registry()::remove);
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        List.copyOf(registered.keySet()).forEach(this::unregister);
    }
}
