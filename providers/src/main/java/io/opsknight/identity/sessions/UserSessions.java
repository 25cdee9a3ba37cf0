package io.opsknight.identity.sessions;

import io.opsknight.identity.metrics.Meters;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.BackchannelLogoutResponse;
import org.keycloak.services.managers.AuthenticationManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keycloak's sessions of one user: read them, and end them the way Keycloak's own logout does (OIDC
 * back-channel logout to every client of the session that has a back-channel logout URL, then the
 * session is removed), online and offline alike.
 */
public final class UserSessions {

    private static final Logger LOG = Logger.getLogger(UserSessions.class);

    private UserSessions() {
    }

    /** Every online and offline session of the user, straight from Keycloak's session provider. */
    public static Stream<UserSessionModel> all(KeycloakSession session, RealmModel realm, UserModel user) {
        return Stream.concat(session.sessions().getUserSessionsStream(realm, user),
                session.sessions().getOfflineUserSessionsStream(realm, user));
    }

    /**
     * The user's sessions with this id: the online one first, then the offline one (a login with
     * {@code offline_access} makes both under one id, from one device). Another user's session is
     * never returned.
     */
    public static List<UserSessionModel> byId(KeycloakSession session, RealmModel realm, UserModel user, String id) {
        List<UserSessionModel> found = new ArrayList<>(2);
        if (id == null || id.isBlank()) {
            return found;
        }
        Optional.ofNullable(session.sessions().getUserSession(realm, id)).filter(s -> owns(user, s)).ifPresent(found::add);
        Optional.ofNullable(session.sessions().getOfflineUserSession(realm, id)).filter(s -> owns(user, s)).ifPresent(found::add);
        return found;
    }

    private static boolean owns(UserModel user, UserSessionModel userSession) {
        return userSession.getUser() != null && user.getId().equals(userSession.getUser().getId());
    }

    /**
     * Ends one session: back-channel logout to its clients, then removal, so that its refresh token
     * and userinfo fail as soon as this returns. A client whose back-channel endpoint is down or
     * answers an error does not stop it; that is logged at WARN. Online sessions must be ended before
     * an offline session of the same id (ending the offline one also removes its online twin,
     * without telling the online session's clients).
     */
    public static void end(KeycloakSession session, RealmModel realm, UserSessionModel userSession) {
        // The clients in the order Keycloak walks them, to name the one that failed.
        List<String> clients = userSession.getAuthenticatedClientSessions().values().stream()
                .map(AuthenticatedClientSessionModel::getClient).map(c -> c == null ? "?" : c.getClientId()).toList();
        boolean offline = userSession.isOffline();
        Meters.sessionsRevoked(session, realm, 1);
        try {
            BackchannelLogoutResponse response = AuthenticationManager.backchannelLogout(session, realm, userSession,
                    session.getContext().getUri(), session.getContext().getConnection(),
                    session.getContext().getRequestHeaders(), true, offline);
            logFailures(userSession.getId(), offline, clients, response);
        } catch (RuntimeException e) {
            // Keycloak catches client failures itself; this is for anything else it lets through.
            LOG.warnf(e, "Back-channel logout of %s session %s failed; removing the session anyway",
                    offline ? "offline" : "online", userSession.getId());
            if (offline) {
                session.sessions().removeOfflineUserSession(realm, userSession);
            } else {
                session.sessions().removeUserSession(realm, userSession);
            }
        }
    }

    private static void logFailures(String sessionId, boolean offline, List<String> clients,
                                    BackchannelLogoutResponse response) {
        List<BackchannelLogoutResponse.DownStreamBackchannelLogoutResponse> replies = response.getClientResponses();
        for (int i = 0; i < replies.size(); i++) {
            BackchannelLogoutResponse.DownStreamBackchannelLogoutResponse reply = replies.get(i);
            if (!reply.isWithBackchannelLogoutUrl()) {
                continue;
            }
            Integer status = reply.getResponseCode().orElse(null);
            if (status != null && status != 200 && status != 204) {
                String client = replies.size() == clients.size() ? clients.get(i) : "(one of " + clients + ")";
                LOG.warnf("Back-channel logout of %s session %s to client '%s' failed (status %d%s); the session is ended anyway",
                        offline ? "offline" : "online", sessionId, client, status,
                        status == 500 ? ", which Keycloak also reports for a client that is down or timed out" : "");
            }
        }
    }

    /**
     * Ends every online and offline session of the user at once: refresh tokens and userinfo fail
     * right after, clients with an OIDC back-channel logout URL get a logout_token, and the
     * not-before time rejects any access token issued before now.
     *
     * @return the number of sessions ended
     */
    public static int endAll(KeycloakSession session, RealmModel realm, UserModel user) {
        session.users().setNotBeforeForUser(realm, user, Time.currentTime());
        // Collected first: ending removes the sessions while we iterate. Online before offline (see end).
        List<UserSessionModel> online = session.sessions().getUserSessionsStream(realm, user).toList();
        List<UserSessionModel> offline = session.sessions().getOfflineUserSessionsStream(realm, user).toList();
        online.forEach(s -> end(session, realm, s));
        offline.forEach(s -> end(session, realm, s));
        LOG.debugf("ended %d online and %d offline sessions of user %s in realm %s",
                online.size(), offline.size(), user.getId(), realm.getName());
        return online.size() + offline.size();
    }
}
