package io.opsknight.identity.audit;

import io.opsknight.identity.common.OpsKnightVersion;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.util.EntityUtils;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends the outbox. Every node runs one: it polls for due rows, claims each with a conditional
 * update (one node per delivery, whatever the cluster size), posts outside any database
 * transaction, then records the outcome: DELIVERED on 2xx, else a retry after the backoff, DEAD after
 * the last attempt. A commit that wrote deliveries wakes the local sender, so events leave within
 * milliseconds; the poll catches the rest (other nodes' events, retries, rows left by a crash).
 * Its own thread, not Keycloak's timer: a slow receiver must not delay Keycloak's expiry tasks.
 */
final class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    private static final int BATCH = 20;
    private static final int MAX_PER_DRAIN = 500;
    private static final long PURGE_INTERVAL_MINUTES = 60;

    private final KeycloakSessionFactory factory;
    private final AuditSettings settings;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();

    WebhookSender(KeycloakSessionFactory factory, AuditSettings settings) {
        this.factory = factory;
        this.settings = settings;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "opsknight-webhooks");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        if (settings.webhooksEnabled()) {
            long poll = settings.pollInterval().toMillis();
            executor.scheduleWithFixedDelay(this::drainSafely, poll, poll, TimeUnit.MILLISECONDS);
        }
        // Retention runs on every node; the deletes are idempotent, so no coordination is needed.
        executor.scheduleWithFixedDelay(this::purgeSafely, 1, PURGE_INTERVAL_MINUTES, TimeUnit.MINUTES);
    }

    /** After a commit that wrote deliveries: drain now instead of at the next poll (at most one queued). */
    void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    wakeQueued.set(false);
                    drainSafely();
                });
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
                List<Claimed> batch = claim();
                if (batch.isEmpty()) {
                    return;
                }
                List<Outcome> outcomes = new ArrayList<>();
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    CloseableHttpClient http = session.getProvider(HttpClientProvider.class).getHttpClient();
                    for (Claimed c : batch) {
                        outcomes.add(post(http, c));
                    }
                });
                record(outcomes);
                sent += batch.size();
            }
        } catch (RuntimeException e) {
            // The poll tries again; a claimed row is free again when its lease ends.
            LOG.warnf("OpsKnight webhooks: sending failed, will retry: %s", e.toString());
        }
    }

    /** A delivery this node owns until its lease ends. */
    private record Claimed(String id, String eventId, String type, String url, String payload, int attempts) {
    }

    /** @param error null when delivered */
    private record Outcome(Claimed delivery, String error) {
    }

    private List<Claimed> claim() {
        List<Claimed> claimed = new ArrayList<>();
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            WebhookStore store = WebhookStore.of(session);
            long now = Time.currentTimeMillis();
            long until = now + settings.claimLease().toMillis();
            for (String id : store.due(now, BATCH)) {
                if (store.claim(id, now, until)) {
                    WebhookOutboxEntity d = store.find(id);
                    claimed.add(new Claimed(d.getId(), d.getEventId(), typeOf(d.getPayload()), d.getUrl(), d.getPayload(), d.getAttempts()));
                }
            }
        });
        return claimed;
    }

    private Outcome post(CloseableHttpClient http, Claimed c) {
        byte[] body = c.payload().getBytes(StandardCharsets.UTF_8);
        HttpPost post = new HttpPost(c.url());
        int timeout = settings.timeoutMillis();
        post.setConfig(RequestConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout)
                .setConnectionRequestTimeout(timeout).build());
        post.setHeader(WebhookSignature.HEADER, WebhookSignature.sign(settings.webhookSecret(), body));
        post.setHeader(WebhookSignature.EVENT_ID_HEADER, c.eventId());
        if (c.type() != null) {
            post.setHeader(WebhookSignature.EVENT_TYPE_HEADER, c.type());
        }
        post.setHeader("User-Agent", "OpsKnight-Identity/" + OpsKnightVersion.get());
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        try (CloseableHttpResponse response = http.execute(post)) {
            int status = response.getStatusLine().getStatusCode();
            EntityUtils.consumeQuietly(response.getEntity());
            return new Outcome(c, status >= 200 && status < 300 ? null : "HTTP " + status);
        } catch (IOException | RuntimeException e) {
            String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Outcome(c, message.length() > 250 ? message.substring(0, 250) : message);
        }
    }

    private void record(List<Outcome> outcomes) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            WebhookStore store = WebhookStore.of(session);
            long now = Time.currentTimeMillis();
            for (Outcome o : outcomes) {
                WebhookOutboxEntity d = store.find(o.delivery().id());
                if (d == null) {
                    continue; // its realm was removed meanwhile
                }
                int attempts = d.getAttempts() + 1;
                d.setAttempts(attempts);
                d.setClaimedUntil(0);
                if (o.error() == null) {
                    d.setStatus(WebhookOutboxEntity.Status.DELIVERED.name());
                    d.setDoneAt(now);
                    d.setLastError(null);
                    LOG.debugf("webhook delivered event=%s to %s after %d attempt(s)", d.getEventId(), safe(d.getUrl()), attempts);
                } else if (attempts >= settings.maxAttempts()) {
                    d.setStatus(WebhookOutboxEntity.Status.DEAD.name());
                    d.setDoneAt(now);
                    d.setLastError(o.error());
                    LOG.warnf("OpsKnight webhook: event %s to %s is dead after %d attempts (last: %s); it stays in OK_WEBHOOK_OUTBOX with status DEAD",
                            d.getEventId(), safe(d.getUrl()), attempts, o.error());
                } else {
                    d.setNextAttemptAt(now + settings.backoff(attempts).toMillis());
                    d.setLastError(o.error());
                    LOG.debugf("webhook event=%s to %s failed (attempt %d: %s), next in %s", d.getEventId(), safe(d.getUrl()), attempts,
                            o.error(), settings.backoff(attempts));
                }
            }
        });
    }

    private void purgeSafely() {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                long now = Time.currentTimeMillis();
                int audit = 0;
                if (settings.retentionDays() > 0) {
                    long cutoff = now - TimeUnit.DAYS.toMillis(settings.retentionDays());
                    audit = AuditStore.of(session).deleteBefore(cutoff);
                    WebhookStore.of(session).deleteDoneBefore(WebhookOutboxEntity.Status.DEAD, cutoff);
                }
                int delivered = 0;
                if (settings.webhookRetentionDays() > 0) {
                    delivered = WebhookStore.of(session).deleteDoneBefore(WebhookOutboxEntity.Status.DELIVERED,
                            now - TimeUnit.DAYS.toMillis(settings.webhookRetentionDays()));
                }
                if (audit + delivered > 0) {
                    LOG.infof("OpsKnight retention: removed %d audit events and %d delivered webhooks", audit, delivered);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("OpsKnight retention purge failed, will retry: %s", e.toString());
        }
    }

    /** The receiver without query or user info, for logs (a URL may carry a token). */
    private static String safe(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + u.getPath();
        } catch (IllegalArgumentException e) {
            return "(unparseable URL)";
        }
    }

    private static String typeOf(String payload) {
        try {
            return JsonSerialization.mapper.readTree(payload).path("type").asText(null);
        } catch (IOException e) {
            return null;
        }
    }
}
