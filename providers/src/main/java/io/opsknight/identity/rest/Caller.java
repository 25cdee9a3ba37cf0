package io.opsknight.identity.rest;

import io.opsknight.identity.common.ApiCall;
import io.opsknight.identity.common.ApiTokenClient;
import io.opsknight.identity.common.Refusals;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.roles.Permission;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.roles.UserRoles;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * The authenticated caller of our API: a valid bearer access token of the realm, of a live session,
 * of an ACTIVE user. Resources check permissions only through {@link #require(Permission)}.
 */
public final class Caller {

    private final RealmModel realm;
    private final UserModel user;
    private final UserSessionModel userSession;
    private final AccessToken token;
    private final Role role;

    private Caller(RealmModel realm, UserModel user, UserSessionModel userSession, AccessToken token, Role role) {
        this.realm = realm;
        this.user = user;
        this.userSession = userSession;
        this.token = token;
        this.role = role;
    }

    /** 401 unless the request carries a valid bearer token of an ACTIVE user of this realm. */
    public static Caller authenticate(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        AuthResult auth;
        try {
            auth = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).authenticate();
        } catch (RuntimeException e) {
            // A malformed header or token surfaces as an exception in some Keycloak paths.
            auth = null;
        }
        if (auth == null || auth.user() == null) {
            throw ApiException.unauthorized("A valid bearer access token of this realm is required.");
        }
        // Tokens are for an audience: a token issued to a client that cannot see OpsKnight's roles
        // (no 'opsknight' in aud) is not one for us, whatever realm signed it.
        if (auth.token() == null || !auth.token().hasAudience(Permission.CLIENT_ID)) {
            throw ApiException.unauthorized("This access token is not meant for OpsKnight: its audience ('aud') lacks '"
                    + Permission.CLIENT_ID + "'. Use a client whose scope includes the OpsKnight roles.");
        }
        UserModel user = auth.user();
        session.setAttribute(Refusals.CALLER_ATTRIBUTE, user.getId());
        if (UserStatus.of(user) != UserStatus.ACTIVE) {
            throw ApiException.unauthorized("The account is not active.");
        }
        session.getContext().setAuthenticationSession(null);
        // What this request changes is also a Keycloak admin event, by this user through this client.
        ApiCall.note(session, auth.token(), user);
        return new Caller(realm, user, auth.session(), auth.token(), UserRoles.roleOf(realm, user));
    }

    /** 403 unless the caller's role grants the permission. */
    public Caller require(Permission permission) {
        if (!role.has(permission)) {
            throw ApiException.forbidden("This needs the permission '" + permission.key() + "'.");
        }
        return this;
    }

    /** True when the token came from the API-token grant (it was issued to the API-token client). */
    public boolean viaApiToken() {
        return token != null && ApiTokenClient.ID.equals(token.getIssuedFor());
    }

    /**
     * 403 for a token of the API-token grant: what belongs to the person, not to their scripts (making API
     * tokens, the password, proving a phone, ending sessions). A leaked API token must not renew itself,
     * take over or lock out the account, run up SMS costs or sign its owner out; revoking the token ends
     * the leak.
     */
    public Caller requireSignedIn(String what) {
        if (viaApiToken()) {
            throw new ApiException(403, "api_token_not_allowed", "An access token from an API token cannot " + what
                    + ": sign in as yourself to do this.");
        }
        return this;
    }

    /** 403 unless the caller is an ADMIN (endpoints that the interface reserves to admins). */
    public Caller requireAdmin() {
        if (role != Role.ADMIN) {
            throw ApiException.forbidden("Only an ADMIN may do this.");
        }
        return this;
    }

    public RealmModel realm() {
        return realm;
    }

    public UserModel user() {
        return user;
    }

    public UserSessionModel userSession() {
        return userSession;
    }

    public AccessToken token() {
        return token;
    }

    public Role role() {
        return role;
    }
}
