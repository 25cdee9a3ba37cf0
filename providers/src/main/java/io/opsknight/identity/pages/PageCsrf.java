package io.opsknight.identity.pages;

import org.keycloak.common.util.Base64Url;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.UserSessionModel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The CSRF token of our signed-in pages (synchronizer pattern): 256 random bits kept as a note of the
 * browser's SSO session, so it lives as long as the sign-in, on every node, and a page of one
 * session is useless in another. Every form carries it in the field {@value #FIELD}.
 */
public final class PageCsrf {

    public static final String FIELD = "csrf";
    static final String NOTE = "opsknight.account.csrf";

    private PageCsrf() {
    }

    /** The session's token, made on first use. */
    public static String token(UserSessionModel userSession) {
        String token = userSession.getNote(NOTE);
        if (token == null || token.isEmpty()) {
            token = Base64Url.encode(SecretGenerator.getInstance().randomBytes(32));
            userSession.setNote(NOTE, token);
        }
        return token;
    }

    /** True when the field equals the session's token (constant-time compare). */
    static boolean matches(UserSessionModel userSession, String field) {
        String token = userSession.getNote(NOTE);
        if (token == null || token.isEmpty() || field == null || field.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII), field.getBytes(StandardCharsets.UTF_8));
    }
}
