package io.opsknight.identity.sessions;

import org.keycloak.models.UserSessionModel;

/**
 * The caller's own session: the access token's {@code sid}, and whether the token came from an
 * offline session (an online and an offline session may share one id).
 */
public record CurrentSession(String sid, boolean offline) {

    public boolean is(UserSessionModel userSession) {
        return sid != null && sid.equals(userSession.getId()) && offline == userSession.isOffline();
    }
}
