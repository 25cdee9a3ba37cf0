package io.opsknight.identity.setup;

import org.keycloak.common.util.Base64Url;
import org.keycloak.common.util.SecretGenerator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * Double-submit CSRF token of the setup form: the GET puts a random value in a cookie (HttpOnly,
 * SameSite=Strict, path of the setup page) and the same value in a hidden field; a POST counts only
 * when both are present and equal. Another site can neither read the field nor make the browser
 * send the Strict cookie. No server state: the pair lives in the browser, so it works on any node.
 */
public final class SetupCsrf {

    public static final String COOKIE = "OPSKNIGHT_SETUP_CSRF";
    public static final String FIELD = "csrf";
    /** How long a loaded form stays usable. */
    public static final int MAX_AGE_SECONDS = 30 * 60;

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private SetupCsrf() {
    }

    /** 256 random bits, base64url without padding (43 characters). */
    public static String newToken() {
        return Base64Url.encode(SecretGenerator.getInstance().randomBytes(32));
    }

    /** True for a value this class could have made; anything else in the cookie is replaced. */
    public static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    /** True when cookie and field carry the same well-formed token (compared in constant time). */
    public static boolean matches(String cookie, String field) {
        if (!wellFormed(cookie) || !wellFormed(field)) {
            return false;
        }
        return MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII), field.getBytes(StandardCharsets.US_ASCII));
    }
}
