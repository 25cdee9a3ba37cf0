package io.opsknight.identity.setup;

import org.keycloak.models.PasswordPolicy;

import java.security.SecureRandom;
import java.util.function.ToIntFunction;

/**
 * Generates the first admin's password: SecureRandom characters, at least {@value #DEFAULT_LENGTH}
 * long, with every character class the realm's password policy asks for. Look-alike characters
 * (0/O, 1/l/I) are left out because a person may have to type it once.
 * <p>
 * Only {@code length}, {@code maxLength}, {@code upperCase}, {@code lowerCase}, {@code digits} and
 * {@code specialChars} shape the password; every other policy (regexPattern, notUsername, ...) is
 * checked by the caller with Keycloak's policy manager, which regenerates on a miss.
 */
public final class SetupPassword {

    public static final int DEFAULT_LENGTH = 24;

    static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    static final String DIGITS = "23456789";
    static final String SPECIAL = "!#%+-=?@_~";
    private static final String ALL = UPPER + LOWER + DIGITS + SPECIAL;

    private static final SecureRandom RANDOM = new SecureRandom();

    private SetupPassword() {
    }

    /** What a generated password must contain. */
    public record Requirements(int length, int upper, int lower, int digits, int special) {

        /** At least one of each class and {@value #DEFAULT_LENGTH} characters, raised to what the policy asks. */
        public static Requirements of(PasswordPolicy policy) {
            return of(id -> intConfig(policy, id));
        }

        /** @param config the integer value of a policy by its id, 0 when the realm does not use it */
        static Requirements of(ToIntFunction<String> config) {
            int upper = Math.max(1, config.applyAsInt("upperCase"));
            int lower = Math.max(1, config.applyAsInt("lowerCase"));
            int digits = Math.max(1, config.applyAsInt("digits"));
            int special = Math.max(1, config.applyAsInt("specialChars"));
            int length = Math.max(Math.max(DEFAULT_LENGTH, config.applyAsInt("length")), upper + lower + digits + special);
            int max = config.applyAsInt("maxLength");
            if (max > 0 && length > max) {
                // The policy's own maximum wins; a policy whose minimums exceed it cannot be met, which
                // the caller's policy check reports.
                length = max;
            }
            return new Requirements(length, upper, lower, digits, special);
        }

        private static int intConfig(PasswordPolicy policy, String id) {
            if (policy == null || !policy.getPolicies().contains(id)) {
                return 0;
            }
            Object value = policy.getPolicyConfig(id);
            return value instanceof Number n ? n.intValue() : 0;
        }
    }

    public static String generate(Requirements r) {
        char[] chars = new char[Math.max(r.length(), r.upper() + r.lower() + r.digits() + r.special())];
        int i = 0;
        i = fill(chars, i, r.upper(), UPPER);
        i = fill(chars, i, r.lower(), LOWER);
        i = fill(chars, i, r.digits(), DIGITS);
        i = fill(chars, i, r.special(), SPECIAL);
        fill(chars, i, chars.length - i, ALL);
        // Fisher-Yates, so the guaranteed characters are not always in front.
        for (int j = chars.length - 1; j > 0; j--) {
            int k = RANDOM.nextInt(j + 1);
            char t = chars[j];
            chars[j] = chars[k];
            chars[k] = t;
        }
        return new String(chars);
    }

    private static int fill(char[] chars, int from, int count, String alphabet) {
        for (int n = 0; n < count; n++) {
            chars[from + n] = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        }
        return from + count;
    }
}
