package io.opsknight.identity.outbox;

import io.opsknight.identity.metrics.Meters;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends the outbox, every channel. Every node runs one: it polls for due rows, claims each with a
 * conditional update (one node per message, whatever the cluster size), then sends each in a short
 * transaction of its own (never the change's) that locks the message's row and records the outcome: SENT,
 * else a retry after the channel's backoff, DEAD after the last attempt. A commit that wrote messages wakes
 * the local sender, so they leave within milliseconds; the poll catches the rest (other nodes' messages,
 * retries, rows left by a crash).
 * Its own thread, not Keycloak's timer: a slow receiver must not delay Keycloak's expiry tasks.
 * <p>
 * At least once: a node that dies after the receiver accepted a message and before its outcome is
 * recorded leaves the row PENDING, and it is sent again when the lease ends.
 */
final class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);
    private static final int BATCH = 20;
    private static final int MAX_PER_DRAIN = 2000;
    private static final long PURGE_INTERVAL_MINUTES = 60;
    private static final long WAKE_DELAY_MILLIS = 50;

    private final KeycloakSessionFactory factory;
    private final OutboxChannel.Lane lane;
    private final Duration poll;
    private final Function<String, OutboxChannel> channels;
    private final Supplier<Collection<OutboxChannel>> allChannels;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();

    OutboxSender(KeycloakSessionFactory factory, OutboxChannel.Lane lane, Duration poll, Function<String, OutboxChannel> channels,
                 Supplier<Collection<OutboxChannel>> allChannels) {
        this.factory = factory;
        this.lane = lane;
        this.poll = poll;
        this.channels = channels;
        this.allChannels = allChannels;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, lane == OutboxChannel.Lane.DELIVERY ? "opsknight-outbox" : "opsknight-outbox-jobs");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        executor.scheduleWithFixedDelay(this::drainSafely, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
        if (lane == OutboxChannel.Lane.DELIVERY) {
            // Retention runs on every node; the deletes are idempotent, so no coordination is needed.
            executor.scheduleWithFixedDelay(this::purgeSafely, 1, PURGE_INTERVAL_MINUTES, TimeUnit.MINUTES);
        }
    }

    /** After a commit that wrote messages: drain now instead of at the next poll (at most one queued). */
    void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                // A short wait lets a burst of commits (many invitations) be claimed together: one claim
                // transaction per group instead of per message.
                executor.schedule(() -> {
                    wakeQueued.set(false);
                    drainSafely();
                }, WAKE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                wakeQueued.set(false); // shutting down: the next start's poll sends it
            }
        }
    }

    void stop() {
        executor.shutdownNow();
    }

    private void drainSafely() {
        try {
            int sent = 0;
            while (sent < MAX_PER_DRAIN && !Thread.currentThread().isInterrupted()) {
                List<Claim> batch = claim();
                if (batch.isEmpty()) {
                    return;
                }
                boolean more = false;
                for (Claim claim : batch) {
                    more |= deliver(claim);
                }
                sent += batch.size();
                if (batch.size() < BATCH && !more) {
                    // Nothing was left due when claimed; what committed since then woke this sender again.
                    return;
                }
            }
        } catch (RuntimeException e) {
            // The poll tries again; a claimed row is free again when its lease ends.
            LOG.warnf("OpsKnight outbox: sending failed, will retry: %s", e.toString());
        }
    }

    /** A due message this node owns until {@code until} (its lease), unless another node claimed it since. */
    private record Claim(String id, long until) {
    }

    /** The due messages this node now owns (a batch's claims in one transaction). */
    private List<Claim> claim() {
        List<Claim> claimed = new ArrayList<>();
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            OutboxStore store = OutboxStore.of(session);
            long now = Time.currentTimeMillis();
            // Channels register at boot, possibly after this sender was made: read the lane's names each time.
            List<String> names = allChannels.get().stream().filter(c -> c.lane() == lane).map(OutboxChannel::name).toList();
            for (OutboxEntity m : store.due(now, names, BATCH)) {
                OutboxChannel channel = channels.apply(m.getChannel());
                if (channel == null) {
                    continue; // a channel not (yet) registered on this node: another node, or the next poll
                }
                // The row as read may be stale by now; the conditional update is what decides who sends it.
                long until = now + channel.retry().lease().toMillis();
                if (store.claim(m.getId(), now, until)) {
                    claimed.add(new Claim(m.getId(), until));
                }
            }
        });
        return claimed;
    }

    /**
     * Sends one claimed message and records the outcome in one transaction that holds the row's lock from
     * before the send until the record. A resend or revoke that supersedes the message waits for that lock:
     * either the email left while its link was still live, or it is superseded and never leaves. Without the
     * lock, an email being rendered when its link died went out with the dead link, and a record written
     * from a row read before the supersede put the old email back in the queue.
     *
     * @return whether a long job wants its next turn at once
     */
    private boolean deliver(Claim claim) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            OutboxStore store = OutboxStore.of(session);
            OutboxEntity m = store.lock(claim.id());
            if (m == null || !OutboxEntity.Status.PENDING.name().equals(m.getStatus()) || m.getClaimedUntil() != claim.until()) {
                // Its realm was removed, or it was superseded after the claim; or its lease ended while the
                // messages before it were sent (a slow receiver) and another node has had its turn.
                return false;
            }
            OutboxMessage message = OutboxMessage.of(m);
            OutboxChannel channel = channels.apply(message.channel());
            OutboxChannel.Attempt attempt;
            try {
                attempt = channel.send(session, message);
            } catch (RuntimeException e) {
                attempt = OutboxChannel.Attempt.failed(e.toString());
            }
            record(session, m, message, channel, attempt);
            return attempt.more();
        });
    }

    private void record(KeycloakSession session, OutboxEntity m, OutboxMessage message, OutboxChannel channel,
                        OutboxChannel.Attempt attempt) {
        long now = Time.currentTimeMillis();
        OutboxChannel.Retry retry = channel.retry();
        if (attempt.more()) {
            // Due again now, behind what is already due: other messages get their turn between parts.
            m.setClaimedUntil(0);
            m.setNextAttemptAt(now);
            return;
        }
        int attempts = m.getAttempts() + 1;
        m.setAttempts(attempts);
        m.setClaimedUntil(0);
        m.setLastError(attempt.error());
        RealmModel realm = session.realms().getRealm(m.getRealmId());
        String realmName = realm == null ? "?" : realm.getName();
        if (attempt.done() != null) {
            done(m, attempt.done(), now);
            Meters.outbox(session, realmName, m.getChannel(), attempt.done().name().toLowerCase(Locale.ROOT), now - m.getCreatedAt());
            LOG.debugf("outbox %s %s ref=%s (message %s) after %d attempt(s)", m.getChannel(), m.getStatus(), m.getRef(),
                    m.getId(), attempts);
        } else if (attempts >= retry.maxAttempts()) {
            factory.publish(new OutboxDead(session, message, attempts, attempt.error()));
            done(m, OutboxEntity.Status.DEAD, now);
            Meters.outbox(session, realmName, m.getChannel(), "dead", 0);
            LOG.warnf("OpsKnight outbox: %s is dead after %d attempts (last: %s); it stays in OK_OUTBOX with status DEAD",
                    channel.describe(message), attempts, attempt.error());
        } else {
            m.setNextAttemptAt(now + retry.backoff(attempts).toMillis());
            Meters.outbox(session, realmName, m.getChannel(), "failed", 0);
            LOG.debugf("outbox %s %s ref=%s failed (attempt %d: %s), next in %s", m.getChannel(), m.getId(), m.getRef(),
                    attempts, attempt.error(), retry.backoff(attempts));
        }
    }

    /** Final: an email's payload (its link) is not kept once it can no longer be sent. */
    static void done(OutboxEntity m, OutboxEntity.Status status, long now) {
        m.setStatus(status.name());
        m.setDoneAt(now);
        if (EmailChannel.NAME.equals(m.getChannel())) {
            m.setPayload(null);
        }
    }

    private void purgeSafely() {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                OutboxStore store = OutboxStore.of(session);
                long now = Time.currentTimeMillis();
                int removed = 0;
                for (OutboxChannel channel : allChannels.get()) {
                    if (channel.keepDoneDays() > 0) {
                        removed += store.deleteDoneBefore(channel.name(), List.of(OutboxEntity.Status.SENT,
                                OutboxEntity.Status.SUPERSEDED, OutboxEntity.Status.NOT_CONFIGURED),
                                now - TimeUnit.DAYS.toMillis(channel.keepDoneDays()));
                    }
                    if (channel.keepDeadDays() > 0) {
                        removed += store.deleteDoneBefore(channel.name(), List.of(OutboxEntity.Status.DEAD),
                                now - TimeUnit.DAYS.toMillis(channel.keepDeadDays()));
                    }
                }
                if (removed > 0) {
                    LOG.infof("OpsKnight retention: removed %d finished outbox messages", removed);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("OpsKnight outbox purge failed, will retry: %s", e.toString());
        }
    }
}
