package io.opsknight.identity.sessions;

import io.opsknight.identity.apitoken.ApiTokenService;
import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.common.Paging;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A person's sessions as OpsKnight shows them (newest activity first, the caller's own marked) and
 * their revocation with its audit event. Callers have checked who may do it.
 * <p>
 * Keycloak's sessions are ended the way Keycloak's own logout does (OIDC back-channel logout to every
 * client of the session that has a back-channel logout URL, then the session is removed), online and
 * offline alike.
 */
public final class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public SessionService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * The user's online and offline sessions. One read of each from Keycloak's session provider; the
     * clients' names come from the realm cache, the device from a note on the session itself.
     */
    public List<SessionView> list(UserModel user, CurrentSession current, Paging paging) {
        return all(user)
                .sorted(SessionView.NEWEST_ACTIVITY_FIRST)
                .skip(paging.first())
                .limit(paging.max())
                .map(s -> SessionView.of(realm, s, current))
                .toList();
    }

    /**
     * Revokes the user's session with this id (its online and offline twin alike) and records
     * {@code session.revoked}. 404 when the user has no session with that id, also when it is
     * another user's.
     *
     * @return how many sessions were ended (2 when an online and an offline session share the id)
     */
    public int revoke(UserModel user, String sessionId, String actorId) {
        List<UserSessionModel> sessions = byId(user, sessionId);
        if (sessions.isEmpty()) {
            throw OpsKnightException.notFound("No session with id '" + sessionId + "'.");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sessionId", sessionId);
        details.put("ipAddress", sessions.get(0).getIpAddress());
        details.put("clients", clientIds(sessions));
        details.put("offline", sessions.stream().anyMatch(UserSessionModel::isOffline));
        sessions.forEach(this::end);
        Audit.record(session, realm, AuditEventType.SESSION_REVOKED, actorId, user.getId(), details);
        return sessions.size();
    }

    /**
     * Revokes every session of the user but the one with id {@code keepSid} (online and offline) and
     * records {@code session.revoked_others} with the count.
     *
     * @return how many sessions were ended
     */
    public int revokeOthers(UserModel user, String keepSid, String actorId) {
        List<UserSessionModel> others = all(user)
                .filter(s -> !s.getId().equals(keepSid))
                .toList(); // collected first: ending removes them; online ones come first (see end)
        others.forEach(this::end);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("count", others.size());
        details.put("kept", keepSid);
        Audit.record(session, realm, AuditEventType.SESSION_REVOKED_OTHERS, actorId, user.getId(), details);
        return others.size();
    }

    /**
     * An admin ends all of the user's sessions ({@link #endAll}: also not-before, so even
     * access tokens already issued are refused by Keycloak) and records {@code session.revoked_others}
     * with the count and {@code "scope": "all"}.
     */
    public int revokeAll(UserModel user, String actorId) {
        int count = endAll(user);
        // An admin ending everything is containing a takeover: the API tokens the intruder may have made go too.
        int tokens = new ApiTokenService(session, realm).revokeAllOf(user, ApiTokenService.SESSIONS_ENDED);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("count", count);
        details.put("scope", "all");
        details.put("apiTokensRevoked", tokens);
        Audit.record(session, realm, AuditEventType.SESSION_REVOKED_OTHERS, actorId, user.getId(), details);
        return count;
    }

    /** Every online and offline session of the user, straight from Keycloak's session provider. */
    Stream<UserSessionModel> all(UserModel user) {
        return Stream.concat(session.sessions().getUserSessionsStream(realm, user),
                session.sessions().getOfflineUserSessionsStream(realm, user));
    }

    /**
     * The user's sessions with this id: the online one first, then the offline one (a login with
     * {@code offline_access} makes both under one id, from one device). Another user's session is
     * never returned.
     */
    List<UserSessionModel> byId(UserModel user, String id) {
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
    void end(UserSessionModel userSession) {
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
    public int endAll(UserModel user) {
        session.users().setNotBeforeForUser(realm, user, Time.currentTime());
        // Collected first: ending removes the sessions while we iterate. Online before offline (see end).
        List<UserSessionModel> online = session.sessions().getUserSessionsStream(realm, user).toList();
        List<UserSessionModel> offline = session.sessions().getOfflineUserSessionsStream(realm, user).toList();
        online.forEach(this::end);
        offline.forEach(this::end);
        LOG.debugf("ended %d online and %d offline sessions of user %s in realm %s",
                online.size(), offline.size(), user.getId(), realm.getName());
        return online.size() + offline.size();
    }

    private List<String> clientIds(List<UserSessionModel> sessions) {
        TreeSet<String> ids = new TreeSet<>();
        sessions.forEach(s -> SessionView.clients(realm, s).forEach(c -> ids.add(c.clientId())));
        return List.copyOf(ids);
    }
}
