package io.opsknight.identity.invitation;

import io.opsknight.identity.common.OpsKnightProviderInfo;
import io.opsknight.identity.common.OpsKnightVersion;
import io.opsknight.identity.common.OptionList;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.authentication.actiontoken.ActionTokenHandler;
import org.keycloak.authentication.actiontoken.ActionTokenHandlerFactory;
import org.keycloak.common.VerificationException;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.resources.LoginActionsServiceException;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.List;
import java.util.Map;

/**
 * Opens invitation links at Keycloak's action-token endpoint ({@code /login-actions/action-token?key=...}).
 * Keycloak verifies the token's signature, expiry and realm; this handler then checks the invitation row
 * and shows either the accept page or a page that says why the link no longer works.
 * <p>
 * Keycloak would refuse the INVITED user (who is disabled by design) before {@link #handleToken} is
 * reached, so the page is answered from {@link #startFreshAuthenticationSession}, which Keycloak calls
 * for every link we send (they carry no client_id) right after the token verified: the response
 * travels in a {@link LoginActionsServiceException}, Keycloak's way for a handler step to answer.
 * <p>
 * Also the provider factory: holds the server option {@code lifespan-days}.
 */
public class InvitationActionTokenHandler implements ActionTokenHandler<InvitationActionToken>,
        ActionTokenHandlerFactory<InvitationActionToken>, OpsKnightProviderInfo {

    private static final Logger LOG = Logger.getLogger(InvitationActionTokenHandler.class);

    public static final String PROVIDER_ID = InvitationActionToken.TOKEN_TYPE;
    public static final String LIFESPAN_DAYS = "lifespan-days";
    public static final int DEFAULT_LIFESPAN_DAYS = 7;

    /** Keycloak's own error page shows this for a link whose signature or format is broken. */
    static final String INVALID_LINK_MESSAGE = "opsknightInvitationInvalidMessage";

    /**
     * Keycloak's per-action-token lifespan override (realm attribute, seconds; "Override action tokens"
     * in the admin console): when set for {@value InvitationActionToken#TOKEN_TYPE}, it wins for that realm.
     */
    public static final String REALM_LIFESPAN_ATTRIBUTE = "actionTokenGeneratedByUserLifespan." + InvitationActionToken.TOKEN_TYPE;

    private int lifespanDays = DEFAULT_LIFESPAN_DAYS;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Stateless apart from the option: the factory is the handler, as in Keycloak's own handlers. */
    @Override
    public ActionTokenHandler<InvitationActionToken> create(KeycloakSession session) {
        return this;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public Class<InvitationActionToken> getTokenClass() {
        return InvitationActionToken.class;
    }

    @Override
    public EventType eventType() {
        return EventType.EXECUTE_ACTION_TOKEN;
    }

    @Override
    public String getDefaultEventError() {
        return Errors.INVALID_TOKEN;
    }

    /** Keycloak's error page shows this for a link whose signature or content is broken (tampered, truncated). */
    @Override
    public String getDefaultErrorMessage() {
        return INVALID_LINK_MESSAGE;
    }

    @Override
    public String getAuthenticationSessionIdFromToken(InvitationActionToken token, ActionTokenContext<InvitationActionToken> context,
                                                      AuthenticationSessionModel currentAuthSession) {
        return null;
    }

    /** Single use is enforced by the invitation row (see InvitationStore#accept), not by Keycloak's cache. */
    @Override
    public boolean canUseTokenRepeatedly(InvitationActionToken token, ActionTokenContext<InvitationActionToken> context) {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
        Integer days = config.getInt(LIFESPAN_DAYS, DEFAULT_LIFESPAN_DAYS);
        if (days == null || days < 1) {
            throw new IllegalArgumentException("--spi-action-token-handler--" + PROVIDER_ID + "--" + LIFESPAN_DAYS
                    + " must be a whole number of days >= 1, not " + days);
        }
        lifespanDays = days;
        LOG.debugf("invitation links live %d days", lifespanDays);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return OptionList.create()
                .number(LIFESPAN_DAYS, "Invitation lifespan (days)", DEFAULT_LIFESPAN_DAYS,
                        "How long an invitation link can be accepted. A realm may override it in seconds with the realm attribute "
                        + REALM_LIFESPAN_ATTRIBUTE + ".")
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return OpsKnightVersion.info(LIFESPAN_DAYS, String.valueOf(lifespanDays));
    }

    int lifespanDays() {
        return lifespanDays;
    }

    /** Seconds an invitation (or a resent one) stays acceptable in this realm. */
    static long lifespanSeconds(KeycloakSession session, RealmModel realm) {
        String override = realm.getAttribute(REALM_LIFESPAN_ATTRIBUTE);
        if (override != null && !override.isBlank()) {
            try {
                long seconds = Long.parseLong(override.trim());
                if (seconds > 0) {
                    return seconds;
                }
            } catch (NumberFormatException e) {
                LOG.warnf("realm %s: ignoring %s=%s (not a number of seconds)", realm.getName(), REALM_LIFESPAN_ATTRIBUTE, override);
            }
        }
        Object factory = session.getKeycloakSessionFactory().getProviderFactory(ActionTokenHandler.class, PROVIDER_ID);
        int days = factory instanceof InvitationActionTokenHandler h ? h.lifespanDays() : DEFAULT_LIFESPAN_DAYS;
        return days * 86_400L;
    }

    @Override
    public AuthenticationSessionModel startFreshAuthenticationSession(InvitationActionToken token,
                                                                      ActionTokenContext<InvitationActionToken> context)
            throws VerificationException {
        throw new LoginActionsServiceException(open(token, context));
    }

    @Override
    public Response handleToken(InvitationActionToken token, ActionTokenContext<InvitationActionToken> context) {
        // Only reached if Keycloak joined an existing authentication session; answer the same way.
        return open(token, context);
    }

    private Response open(InvitationActionToken token, ActionTokenContext<InvitationActionToken> context) {
        return new InvitationAcceptResource(context.getSession(), context.getRealm())
                .open(token, () -> context.createAuthenticationSessionForClient(null), context.getEvent());
    }
}
