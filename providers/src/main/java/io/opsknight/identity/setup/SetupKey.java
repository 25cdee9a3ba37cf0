package io.opsknight.identity.setup;

import io.opsknight.identity.common.Digests;

/**
 * The optional setup key (server option {@code setup-key}). When configured, the setup form asks for
 * it, so a deployment reachable from the internet cannot be claimed by whoever finds it first. Only a
 * SHA-256 digest is kept in memory; comparison is constant-time and independent of the length.
 */
public final class SetupKey {

    /** Keys shorter than this are accepted but logged as weak. */
    public static final int RECOMMENDED_MIN_LENGTH = 16;

    private static final SetupKey NONE = new SetupKey(null, 0);

    private final String digest;
    private final int length;

    private SetupKey(String digest, int length) {
        this.digest = digest;
        this.length = length;
    }

    /** A blank or missing value means: no key, setup is open. */
    public static SetupKey of(String configured) {
        if (configured == null || configured.isBlank()) {
            return NONE;
        }
        String key = configured.strip();
        return new SetupKey(Digests.sha256Hex(key), key.length());
    }

    public boolean required() {
        return digest != null;
    }

    public boolean weak() {
        return required() && length < RECOMMENDED_MIN_LENGTH;
    }

    /** True when no key is required, or when {@code given} is the key. */
    public boolean accepts(String given) {
        if (!required()) {
            return true;
        }
        if (given == null) {
            return false;
        }
        return Digests.sameDigest(digest, Digests.sha256Hex(given.strip()));
    }

    @Override
    public String toString() {
        return required() ? "SetupKey[required]" : "SetupKey[none]";
    }
}
