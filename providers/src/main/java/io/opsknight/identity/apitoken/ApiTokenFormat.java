package io.opsknight.identity.apitoken;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The text of a personal API token, GitHub's scheme: {@code okp_} + {@value #RANDOM_LENGTH} base62
 * characters of randomness (22 x log2(62) = 131 bits) + a {@value #CHECKSUM_LENGTH}-character base62
 * CRC32 of the random part, 32 characters in all. The prefix lets a secret scanner find it; the checksum
 * lets a scanner or this server tell a real token from a typo without a database look-up. Pure: the
 * randomness comes in from the caller ({@link ApiTokenService} uses Keycloak's SecretGenerator).
 */
public final class ApiTokenFormat {

    public static final String PREFIX = "okp_";
    public static final int RANDOM_LENGTH = 22;
    public static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;
    /** How much of a token the lists show: the prefix and the first four random characters. */
    public static final int DISPLAY_LENGTH = PREFIX.length() + 4;
    public static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /** What is wrong with a presented text (or nothing). */
    public enum Check {
        OK,
        /** Not shaped like a token at all: wrong prefix, length or characters. */
        MALFORMED,
        /** Shaped like a token, but the checksum does not match: a typo or a truncated copy. */
        BAD_CHECKSUM
    }

    private ApiTokenFormat() {
    }

    /** A token from {@value #RANDOM_LENGTH} random base62 characters. */
    public static String compose(String random) {
        if (random == null || random.length() < RANDOM_LENGTH || !isBase62(random)) {
            throw new IllegalArgumentException("need at least " + RANDOM_LENGTH + " base62 characters");
        }
        return PREFIX + random + checksum(random);
    }

    public static Check check(String text) {
        if (text == null || text.length() != LENGTH || !text.startsWith(PREFIX)) {
            return Check.MALFORMED;
        }
        String body = text.substring(PREFIX.length());
        if (!isBase62(body)) {
            return Check.MALFORMED;
        }
        String random = body.substring(0, RANDOM_LENGTH);
        String sum = body.substring(RANDOM_LENGTH);
        return checksum(random).equals(sum) ? Check.OK : Check.BAD_CHECKSUM;
    }

    /** The part lists show, never enough to use: {@code okp_} and four characters. */
    public static String displayPrefix(String token) {
        return token.substring(0, DISPLAY_LENGTH);
    }

    /** CRC32 of the random part, in base62, left-padded with '0' to six characters (62^6 > 2^32). */
    static String checksum(String random) {
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = BASE62[(int) (value % 62)];
            value /= 62;
        }
        return new String(out);
    }

    private static boolean isBase62(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }
}
