package io.opsknight.identity.apitoken;

import io.opsknight.identity.metrics.Meters;
import io.opsknight.identity.roles.Permission;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeBase;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;
import org.keycloak.utils.MediaType;

import java.util.Set;

/**
 * The exchange {@code grant_type=urn:opsknight:params:oauth:grant-type:api-token&client_id=opsknight-api&api_token=okp_...}
 * at the realm's token endpoint, built like Keycloak's client-credentials grant: a TRANSIENT user
 * session (never stored, so nothing piles up and nothing outlives the access token), no refresh token,
 * the owner's claims through the client's scopes (the {@code opsknight} scope and its audience), and an
 * access token of at most {@value #MAX_LIFESPAN_SECONDS} seconds. Refusals are OAuth errors:
 * {@code invalid_request} (no {@code api_token}), {@code unauthorized_client} (another client),
 * {@code invalid_grant} (malformed, typo, unknown, revoked, expired, owner not ACTIVE or not ADMIN),
 * {@code slow_down} 429 (too many wrong tokens from this address or with this prefix, {@link ExchangeThrottle};
 * never for a valid token). No password hash is on the path:
 * the check is a checksum, one SHA-256 and one indexed look-up.
 */
public class ApiTokenGrantType extends OAuth2GrantTypeBase {

    public static final String GRANT_TYPE = "urn:opsknight:params:oauth:grant-type:api-token";
    public static final String PARAM = "api_token";
    public static final int MAX_LIFESPAN_SECONDS = 900;
    static final String AUTH_METHOD = "opsknight-api-token";

    @Override
    public Response process(Context context) {
        setContext(context);
        event.detail(Details.AUTH_METHOD, AUTH_METHOD);

        if (!ApiTokenService.CLIENT_ID.equals(client.getClientId())) {
            event.detail(Details.REASON, "API tokens are exchanged through client " + ApiTokenService.CLIENT_ID + " only");
            event.error(Errors.NOT_ALLOWED);
            Meters.apiTokenExchange(realm, "wrong_client");
            throw new CorsErrorResponseException(cors, OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "API tokens are exchanged through client '" + ApiTokenService.CLIENT_ID + "' only.", Response.Status.BAD_REQUEST);
        }
        String presented = formParams.getFirst(PARAM);
        if (presented == null || presented.isBlank()) {
            event.detail(Details.REASON, "missing api_token");
            event.error(Errors.INVALID_REQUEST);
            Meters.apiTokenExchange(realm, "missing_token");
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_REQUEST,
                    "Missing form parameter: " + PARAM, Response.Status.BAD_REQUEST);
        }

        // The token is checked first: a valid one is never held back by the wrong ones of its neighbours.
        String text = presented.strip();
        ApiTokenService.Exchange exchange = new ApiTokenService(session, realm).check(text, Time.currentTimeMillis());
        if (exchange.refusal() != null) {
            ApiTokenService.Refusal refusal = exchange.refusal();
            if (refusal.countsAsWrongToken()) {
                long now = Time.currentTimeMillis();
                ExchangeThrottle throttle = new ExchangeThrottle(realm.getId(), client.getClientId(),
                        clientConnection.getRemoteAddr(), refusal == ApiTokenService.Refusal.MALFORMED ? null : ApiTokenFormat.displayPrefix(text));
                int retryAfter = throttle.retryAfter(session, now);
                if (retryAfter > 0) {
                    event.detail(Details.REASON, "too many wrong API tokens");
                    Meters.apiTokenExchange(realm, "throttled");
                    event.error(Errors.SLOW_DOWN);
                    throw new TooManyAttempts(cors, retryAfter);
                }
                throttle.failed(session, now);
            }
            if (exchange.owner() != null) {
                event.user(exchange.owner());
                event.detail("api_token_id", exchange.row().getId());
            }
            event.detail(Details.REASON, refusal.code());
            Meters.apiTokenExchange(realm, refusal.code());
            event.error(refusal.countsAsWrongToken() ? Errors.INVALID_TOKEN : Errors.USER_DISABLED);
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT, refusal.description(),
                    Response.Status.BAD_REQUEST);
        }

        UserModel owner = exchange.owner();
        event.user(owner);
        event.detail(Details.USERNAME, owner.getUsername());
        event.detail("api_token_id", exchange.row().getId());

        String scope = getRequestedScopes();
        RootAuthenticationSessionModel rootAuthSession = new AuthenticationSessionManager(session)
                .createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = rootAuthSession.createAuthenticationSession(client);
        authSession.setAuthenticatedUser(owner);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER,
                Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);

        // Never stored: the session exists for this request only, as for client credentials without refresh.
        UserSessionModel userSession = new UserSessionManager(session).createUserSession(rootAuthSession.getId(), realm,
                owner, owner.getUsername(), clientConnection.getRemoteHost(), AUTH_METHOD, false, null, null,
                UserSessionModel.SessionPersistenceState.TRANSIENT);
        event.session(userSession);
        AuthenticationManager.setClientScopesInSession(session, authSession);
        ClientSessionContext clientSessionCtx = TokenManager.attachAuthenticationSession(session, userSession, authSession);
        updateUserSessionFromClientAuth(userSession);

        new ApiTokenService(session, realm).touch(exchange.row(), Time.currentTimeMillis());

        TokenManager.AccessTokenResponseBuilder builder = createTokenResponseBuilder(owner, userSession, clientSessionCtx,
                scope, null);
        AccessToken token = builder.getAccessToken();
        // OpsKnight's audience and no roles, whatever the client's scope says (realm-config already gives the
        // client no roles; a realm imported before that still has full scope): Keycloak's account API and
        // other clients must not take a token that a script's API token bought.
        token.audience(Permission.CLIENT_ID);
        token.setRealmAccess(null);
        token.setResourceAccess(null);
        long cap = token.getIat() + MAX_LIFESPAN_SECONDS;
        if (token.getExp() == null || token.getExp() > cap) {
            token.exp(cap);
        }
        Response issued = createTokenResponse(builder, clientSessionCtx, false);
        Meters.apiTokenExchange(realm, "issued");
        return issued;
    }

    @Override
    public EventType getEventType() {
        return EventType.OAUTH2_EXTENSION_GRANT;
    }

    @Override
    public Set<String> getTokenParameterNames() {
        return Set.of(PARAM);
    }

    /** No refresh token, whatever the client's settings: a script exchanges its API token again. */
    @Override
    protected boolean useRefreshToken() {
        return false;
    }

    /** 429 {@code slow_down} (RFC 8628's registered OAuth error) with {@code Retry-After}. */
    static final class TooManyAttempts extends CorsErrorResponseException {

        private final Cors cors;
        private final int retryAfter;

        TooManyAttempts(Cors cors, int retryAfter) {
            super(cors, "slow_down", "Too many wrong API tokens from this address or with this prefix: retry after " + retryAfter + " seconds.",
                    Response.Status.TOO_MANY_REQUESTS);
            this.cors = cors;
            this.retryAfter = retryAfter;
        }

        @Override
        public Response getResponse() {
            OAuth2ErrorRepresentation error = new OAuth2ErrorRepresentation("slow_down", getErrorDescription());
            return cors.add(Response.status(Response.Status.TOO_MANY_REQUESTS).entity(error)
                    .type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", String.valueOf(retryAfter)));
        }
    }
}
