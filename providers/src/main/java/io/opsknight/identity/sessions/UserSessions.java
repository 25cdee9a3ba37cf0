package io.opsknight.identity.sessions;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

import java.util.List;

/** Ends a user's sessions the way Keycloak's own admin "logout" does, plus offline sessions. */
public final class UserSessions {

    private static final Logger LOG = Logger.getLogger(UserSessions.class);

    private UserSessions() {
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
        // Collected first: backchannelLogout removes the sessions while we iterate.
        List<UserSessionModel> online = session.sessions().getUserSessionsStream(realm, user).toList();
        for (UserSessionModel userSession : online) {
            AuthenticationManager.backchannelLogout(session, realm, userSession, session.getContext().getUri(),
                    session.getContext().getConnection(), session.getContext().getRequestHeaders(), true);
        }
        List<UserSessionModel> offline = session.sessions().getOfflineUserSessionsStream(realm, user).toList();
        for (UserSessionModel userSession : offline) {
            session.sessions().removeOfflineUserSession(realm, userSession);
        }
        LOG.debugf("ended %d online and %d offline sessions of user %s in realm %s",
                online.size(), offline.size(), user.getId(), realm.getName());
        return online.size() + offline.size();
    }
}
