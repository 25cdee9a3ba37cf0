package io.opsknight.identity.sessions;

import io.opsknight.identity.apitoken.ApiTokens;
import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.common.Paging;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A person's sessions as OpsKnight shows them (newest activity first, the caller's own marked) and
 * their revocation with its audit event. Callers have checked who may do it.
 */
public final class SessionService {

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
        return UserSessions.all(session, realm, user)
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
        List<UserSessionModel> sessions = UserSessions.byId(session, realm, user, sessionId);
        if (sessions.isEmpty()) {
            throw OpsKnightException.notFound("No session with id '" + sessionId + "'.");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sessionId", sessionId);
        details.put("ipAddress", sessions.get(0).getIpAddress());
        details.put("clients", clientIds(sessions));
        details.put("offline", sessions.stream().anyMatch(UserSessionModel::isOffline));
        sessions.forEach(s -> UserSessions.end(session, realm, s));
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
        List<UserSessionModel> others = UserSessions.all(session, realm, user)
                .filter(s -> !s.getId().equals(keepSid))
                .toList(); // collected first: ending removes them; online ones come first (see UserSessions.end)
        others.forEach(s -> UserSessions.end(session, realm, s));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("count", others.size());
        details.put("kept", keepSid);
        Audit.record(session, realm, AuditEventType.SESSION_REVOKED_OTHERS, actorId, user.getId(), details);
        return others.size();
    }

    /**
     * An admin ends all of the user's sessions ({@link UserSessions#endAll}: also not-before, so even
     * access tokens already issued are refused by Keycloak) and records {@code session.revoked_others}
     * with the count and {@code "scope": "all"}.
     */
    public int revokeAll(UserModel user, String actorId) {
        int count = UserSessions.endAll(session, realm, user);
        // An admin ending everything is containing a takeover: the API tokens the intruder may have made go too.
        int tokens = ApiTokens.revokeAllOf(session, realm, user, ApiTokens.SESSIONS_ENDED);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("count", count);
        details.put("scope", "all");
        details.put("apiTokensRevoked", tokens);
        Audit.record(session, realm, AuditEventType.SESSION_REVOKED_OTHERS, actorId, user.getId(), details);
        return count;
    }

    private List<String> clientIds(List<UserSessionModel> sessions) {
        TreeSet<String> ids = new TreeSet<>();
        sessions.forEach(s -> SessionView.clients(realm, s).forEach(c -> ids.add(c.clientId())));
        return List.copyOf(ids);
    }
}
