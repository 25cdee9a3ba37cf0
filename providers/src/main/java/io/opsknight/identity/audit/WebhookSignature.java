package io.opsknight.identity.audit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/** {@code X-OpsKnight-Signature: sha256=<hex HMAC-SHA256 of the body>} (interface.md). */
public final class WebhookSignature {

    public static final String HEADER = "X-OpsKnight-Signature";
    public static final String EVENT_ID_HEADER = "X-OpsKnight-Event-Id";
    public static final String EVENT_TYPE_HEADER = "X-OpsKnight-Event-Type";

    private WebhookSignature() {
    }

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
