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
}
