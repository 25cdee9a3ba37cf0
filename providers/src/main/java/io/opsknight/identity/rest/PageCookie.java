package io.opsknight.identity.rest;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.SecureContextResolver;

/**
 * A cookie of one of our pages (setup CSRF, account sign-in): HttpOnly, Secure on secure contexts, scoped
 * to the page's path, with the page's SameSite rule. One place for reading, setting and expiring it.
 */
public record PageCookie(KeycloakSession session, String name, String path, NewCookie.SameSite sameSite) {

    /** The value the browser sent, or null. */
    public String read() {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(name);
        return cookie == null ? null : cookie.getValue();
    }

    public void set(String value, int maxAgeSeconds) {
        session.getContext().getHttpResponse().setCookieIfAbsent(new NewCookie.Builder(name)
                .value(value)
                .path(path)
                .maxAge(maxAgeSeconds)
                .httpOnly(true)
                .secure(SecureContextResolver.isSecureContext(session))
                .sameSite(sameSite)
                .build());
    }

    /** Tells the browser to drop the cookie, when it sent one. */
    public void expire() {
        if (read() != null) {
            set("", 0);
        }
    }
}
