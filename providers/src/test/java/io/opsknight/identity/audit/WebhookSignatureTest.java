package io.opsknight.identity.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    @Test
    void isTheHexHmacSha256OfTheBody() {
        // RFC 4231, test case 2.
        assertThat(WebhookSignature.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void changesWithTheBodyAndTheSecret() {
        byte[] body = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.sign("secret-one-123456", body)).isNotEqualTo(WebhookSignature.sign("secret-two-123456", body));
        assertThat(WebhookSignature.sign("secret-one-123456", body))
                .isNotEqualTo(WebhookSignature.sign("secret-one-123456", "{\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void v2SignsTheTimestampAndTheBody() {
        byte[] body = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
        String v2 = WebhookSignature.signV2("secret-one-123456", 1765000000L, body);
        // The same HMAC as V1 over "<ts>.<body>": a receiver can check it with any HMAC library.
        assertThat(v2).isEqualTo("t=1765000000,"
                + WebhookSignature.sign("secret-one-123456", "1765000000.{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(v2).isNotEqualTo(WebhookSignature.signV2("secret-one-123456", 1765000001L, body).replace("t=1765000001", "t=1765000000"));
    }
}
