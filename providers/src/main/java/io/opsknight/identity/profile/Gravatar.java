package io.opsknight.identity.profile;

import io.opsknight.identity.common.Digests;

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
        return BASE + Digests.sha256Hex(email.trim().toLowerCase(Locale.ROOT)) + "?d=identicon";
    }
}
