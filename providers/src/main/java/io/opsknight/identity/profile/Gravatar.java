package io.opsknight.identity.profile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Gravatar URLs: SHA-256 of the trimmed, lower-cased email, identicon fallback. */
public final class Gravatar {

    private static final String BASE = "https://www.gravatar.com/avatar/";

    private Gravatar() {
    }

    /** The avatar URL of an email, or null for a user without email. */
    public static String url(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return BASE + HexFormat.of().formatHex(digest) + "?d=identicon";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JVM", e);
        }
    }
}
