package io.opsknight.identity.audit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The signatures of a webhook delivery. {@code X-OpsKnight-Signature: sha256=<hex HMAC-SHA256 of the body>}
 * (kept for existing receivers), and {@code X-OpsKnight-Signature-V2: t=<ts>,sha256=<hex HMAC-SHA256 of
 * "<ts>.<body>">} with {@code X-OpsKnight-Timestamp: <ts>} (Unix seconds): the timestamp is signed, so a
 * receiver that refuses old timestamps cannot be fed a captured delivery again later.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-OpsKnight-Signature";
    public static final String HEADER_V2 = "X-OpsKnight-Signature-V2";
    public static final String TIMESTAMP_HEADER = "X-OpsKnight-Timestamp";
    public static final String EVENT_ID_HEADER = "X-OpsKnight-Event-Id";
    public static final String EVENT_TYPE_HEADER = "X-OpsKnight-Event-Type";

    private WebhookSignature() {
    }

    public static String sign(String secret, byte[] body) {
        return "sha256=" + hmac(secret, body);
    }

    /** {@code t=<timestamp>,sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}. */
    public static String signV2(String secret, long timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "t=" + timestamp + ",sha256=" + hmac(secret, signed);
    }

    private static String hmac(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
