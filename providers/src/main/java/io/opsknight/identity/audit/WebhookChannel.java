package io.opsknight.identity.audit;

import io.opsknight.identity.common.OpsKnightVersion;
import io.opsknight.identity.outbox.OutboxChannel;
import io.opsknight.identity.outbox.OutboxMessage;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.util.EntityUtils;
import org.keycloak.common.util.Time;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The outbox's webhook channel: a signed JSON POST of the event to one receiver (the row's target); a 2xx
 * is delivered, anything else is retried. Its options (attempts, backoff, timeout) are the audit SPI's.
 */
record WebhookChannel(AuditSettings settings) implements OutboxChannel {

    static final String NAME = "webhook";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Retry retry() {
        return settings.retry();
    }

    @Override
    public String describe(OutboxMessage message) {
        return "event " + message.ref() + " to " + safe(message.target());
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

    @Override
    public int keepDoneDays() {
        return settings.webhookRetentionDays();
    }

    @Override
    public int keepDeadDays() {
        return settings.retentionDays();
    }

    @Override
    public Attempt send(KeycloakSession session, OutboxMessage message) {
        if (!settings.webhooksEnabled()) {
            return Attempt.failed("No webhook secret is configured on this node.");
        }
        byte[] body = message.payload().getBytes(StandardCharsets.UTF_8);
        HttpPost post = new HttpPost(message.target());
        int timeout = settings.timeoutMillis();
        post.setConfig(RequestConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout)
                .setConnectionRequestTimeout(timeout).build());
        // Signed at each attempt: a retry carries a fresh timestamp, so it passes a receiver's freshness check.
        long timestamp = Time.currentTime();
        post.setHeader(WebhookSignature.HEADER, WebhookSignature.sign(settings.webhookSecret(), body));
        post.setHeader(WebhookSignature.TIMESTAMP_HEADER, String.valueOf(timestamp));
        post.setHeader(WebhookSignature.HEADER_V2, WebhookSignature.signV2(settings.webhookSecret(), timestamp, body));
        post.setHeader(WebhookSignature.EVENT_ID_HEADER, message.ref());
        String type = typeOf(message.payload());
        if (type != null) {
            post.setHeader(WebhookSignature.EVENT_TYPE_HEADER, type);
        }
        post.setHeader("User-Agent", "OpsKnight-Identity/" + OpsKnightVersion.get());
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        try (CloseableHttpResponse response = session.getProvider(HttpClientProvider.class).getHttpClient().execute(post)) {
            int status = response.getStatusLine().getStatusCode();
            EntityUtils.consumeQuietly(response.getEntity());
            return status >= 200 && status < 300 ? Attempt.sent() : Attempt.failed("HTTP " + status);
        } catch (IOException | RuntimeException e) {
            return Attempt.failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
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
