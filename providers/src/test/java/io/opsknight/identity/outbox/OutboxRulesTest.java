package io.opsknight.identity.outbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxRulesTest {

    @Test
    void retriesDoubleUpToTheCap() {
        OutboxChannel.Retry retry = new OutboxChannel.Retry(10, Duration.ofSeconds(30), Duration.ofSeconds(3600), Duration.ofMinutes(1));
        assertThat(retry.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(retry.backoff(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(retry.backoff(7)).isEqualTo(Duration.ofSeconds(1920));
        assertThat(retry.backoff(8)).isEqualTo(Duration.ofSeconds(3600));
        assertThat(retry.backoff(200)).isEqualTo(Duration.ofSeconds(3600));
    }

    @Test
    void emailDefaultsSpanAnAfternoonAndBadOptionsStopTheBoot() {
        OutboxSettings s = OutboxSettings.parse(Map.<String, String>of()::get);
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt < s.emailMaxAttempts(); attempt++) {
            total = total.plus(new EmailChannel(s).retry().backoff(attempt));
        }
        assertThat(total).isBetween(Duration.ofHours(3), Duration.ofHours(6));
        assertThat(s.poll()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> OutboxSettings.parse(Map.of("email-max-attempts", "0")::get)).hasMessageContaining("email-max-attempts");
        assertThatThrownBy(() -> OutboxSettings.parse(Map.of("poll-interval-millis", "soon")::get)).hasMessageContaining("poll-interval-millis");
        assertThatThrownBy(() -> OutboxSettings.parse(Map.of("email-backoff-initial-seconds", "60", "email-backoff-max-seconds", "10")::get))
                .hasMessageContaining("email-backoff-max-seconds");
    }

    @Test
    void retryingIsAPendingMessageThatFailedAndOnlyASentOneHasATime() {
        OutboxEntity m = new OutboxEntity();
        m.setStatus("PENDING");
        assertThat(Delivery.of(m).status()).isEqualTo("PENDING");
        m.setAttempts(2);
        m.setLastError("Connection refused");
        assertThat(Delivery.of(m)).isEqualTo(new Delivery("RETRYING", 2, "Connection refused", null));
        m.setStatus("SENT");
        m.setDoneAt(java.time.Instant.parse("2026-12-06T04:00:00Z").toEpochMilli());
        assertThat(Delivery.of(m)).isEqualTo(new Delivery("SENT", 2, null, "2026-12-06T04:00:00Z"));
    }

    @Test
    void timesAreWrittenInTheEmailsLanguage() {
        long millis = java.time.Instant.parse("2026-12-04T10:00:00Z").toEpochMilli();
        assertThat(EmailChannel.format(millis, Locale.ENGLISH)).contains("December 4, 2026").contains("10:00").endsWith("UTC");
        assertThat(EmailChannel.format(millis, Locale.GERMAN)).contains("4. Dezember 2026").contains("10:00").endsWith("UTC");
    }
}
