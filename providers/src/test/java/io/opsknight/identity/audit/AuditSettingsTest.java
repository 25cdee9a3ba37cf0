package io.opsknight.identity.audit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditSettingsTest {

    private static AuditSettings parse(Map<String, String> options) {
        return AuditSettings.parse(options::get);
    }

    @Test
    void noUrlsMeansNoWebhooks() {
        AuditSettings s = parse(Map.of());
        assertThat(s.webhooksEnabled()).isFalse();
        assertThat(s.retentionDays()).isEqualTo(365);
        assertThat(s.webhookRetentionDays()).isEqualTo(7);
    }

    @Test
    void severalUrlsAreAccepted() {
        AuditSettings s = parse(Map.of("webhook-urls", "https://a.example/hook, http://127.0.0.1:9000/x",
                "webhook-secret", "0123456789abcdef"));
        assertThat(s.webhookUrls()).extracting(Object::toString)
                .containsExactly("https://a.example/hook", "http://127.0.0.1:9000/x");
    }

    @Test
    void urlsWithoutASecretStopTheBoot() {
        assertThatThrownBy(() -> parse(Map.of("webhook-urls", "https://a.example/hook")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webhook-secret");
        assertThatThrownBy(() -> parse(Map.of("webhook-urls", "https://a.example/hook", "webhook-secret", "short")))
                .hasMessageContaining("at least 16");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> parse(Map.of("webhook-urls", "ftp://x.example/", "webhook-secret", "0123456789abcdef")))
                .hasMessageContaining("http(s)");
        assertThatThrownBy(() -> parse(Map.of("webhook-max-attempts", "many"))).hasMessageContaining("webhook-max-attempts");
        assertThatThrownBy(() -> parse(Map.of("retention-days", "-1"))).hasMessageContaining("retention-days");
        assertThatThrownBy(() -> parse(Map.of("webhook-backoff-initial-seconds", "60", "webhook-backoff-max-seconds", "10")))
                .hasMessageContaining("webhook-backoff-max-seconds");
    }

    @Test
    void backoffDoublesUpToTheCap() {
        AuditSettings s = parse(Map.of());
        assertThat(s.retry().backoff(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.retry().backoff(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.retry().backoff(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(s.retry().backoff(9)).isEqualTo(Duration.ofSeconds(900));
        assertThat(s.retry().backoff(64)).isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void theDefaultsOutlastAReceiverDownForAnHour() {
        AuditSettings s = parse(Map.of());
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt < s.maxAttempts(); attempt++) {
            total = total.plus(s.retry().backoff(attempt));
        }
        assertThat(total).isGreaterThan(Duration.ofHours(2));
    }

    @Test
    void aClaimOutlivesOneAttempt() {
        AuditSettings s = parse(Map.of("webhook-timeout-millis", "30000"));
        assertThat(s.claimLease()).isGreaterThan(Duration.ofMillis(3 * 30000));
    }
}
