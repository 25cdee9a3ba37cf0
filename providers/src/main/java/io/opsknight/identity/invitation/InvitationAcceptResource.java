package io.opsknight.identity.invitation;

import io.opsknight.identity.rest.NoStore;
import io.opsknight.identity.metrics.Meters;
import io.opsknight.identity.common.Refusals;
import io.opsknight.identity.common.PageUrls;
import io.opsknight.identity.common.Digests;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.profile.ProfileWrite;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.rest.ApiErrors;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.models.utils.SystemClientUtil;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.messages.Messages;
import org.keycloak.services.util.ResolveRelative;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The browser side of an invitation, {@code /invitations/accept}: the accept page (opened through Keycloak's
 * action-token endpoint, see {@link InvitationActionTokenHandler}), its form post, which activates the user
 * and signs them in, and the pages that say why a link no longer works (our login theme's
 * {@value #ACCEPT_TEMPLATE} and {@value #STATE_TEMPLATE}).
 * <p>
 * The form is bound twice: it must carry the link's key (a signed token only the invitee has), and
 * Keycloak's authentication session of the browser that opened the link (cookie) must name the same
 * invitation and nonce. A forged cross-site post has neither.
 */
public class InvitationAcceptResource {

    private static final Logger LOG = Logger.getLogger(InvitationAcceptResource.class);

    /** The OpsKnight web application's client (docs/connect-opsknight.md). */
    static final String WEB_CLIENT = "opsknight-web";

    static final String NOTE_INVITATION = "opsknight.invitation.id";
    static final String NOTE_NONCE_DIGEST = "opsknight.invitation.nonce";

    static final String FIELD_KEY = "key";
    static final String FIELD_TAB_ID = "tab_id";
    static final String FIELD_NAME = "name";
    static final String FIELD_PASSWORD = "password";
    static final String FIELD_PASSWORD_CONFIRM = "password-confirm";

    static final String ACCEPT_TEMPLATE = "opsknight-accept-invitation.ftl";
    static final String STATE_TEMPLATE = "opsknight-invitation-state.ftl";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final InvitationService service;

    InvitationAcceptResource(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.service = new InvitationService(session, realm);
    }

    /** GET of the link (token already verified by Keycloak): the accept page, or why the link is dead. */
    Response open(InvitationActionToken token, Supplier<AuthenticationSessionModel> newAuthSession, EventBuilder event) {
        String digest = Digests.sha256Hex(String.valueOf(token.nonce()));
        InvitationEntity invitation = service.store().find(realm.getId(), token.getInvitationId()).orElse(null);
        LinkState state = LinkState.of(invitation, token.getUserId(), digest, Time.currentTimeMillis());
        UserModel user = state == LinkState.VALID ? invitedUser(invitation) : null;
        if (state == LinkState.VALID && user == null) {
            state = LinkState.UNKNOWN;
        }
        if (state != LinkState.VALID) {
            event.detail(Details.REASON, "invitation " + state.code())
                    .error(state == LinkState.EXPIRED ? Errors.EXPIRED_CODE : Errors.INVALID_TOKEN);
            return statePage(state);
        }

        AuthenticationManager.AuthResult signedIn = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        if (signedIn != null && !signedIn.user().getId().equals(user.getId())) {
            // Accepting would replace that person's session in this browser: let them choose.
            event.detail(Details.EXISTING_USER, signedIn.user().getId()).error(Errors.DIFFERENT_USER_AUTHENTICATED);
            return messagePage("other-user", "opsknightInvitationOtherUserTitle",
                    "opsknightInvitationOtherUserMessage", Response.Status.BAD_REQUEST, false);
        }

        AuthenticationSessionModel authSession = newAuthSession.get();
        authSession.setAuthNote(NOTE_INVITATION, invitation.getId());
        authSession.setAuthNote(NOTE_NONCE_DIGEST, digest);
        session.getContext().setAuthenticationSession(authSession);
        String key = session.getContext().getUri().getQueryParameters().getFirst(FIELD_KEY);
        return acceptForm(authSession, invitation, inviterName(invitation), key,
                invitation.getName(), null);
    }

    /** POST of the accept form (HTML in, HTML or a redirect out); no token: the form carries the link's key. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response accept() {
        return ApiErrors.call(() -> accept(session.getContext().getHttpRequest().getDecodedFormParameters()));
    }

    private Response accept(MultivaluedMap<String, String> form) {
        String key = form.getFirst(FIELD_KEY);
        InvitationActionToken token = verify(key);
        if (token == null) {
            return statePage(LinkState.UNKNOWN);
        }
        String digest = Digests.sha256Hex(String.valueOf(token.nonce()));
        AuthenticationSessionModel authSession = new AuthenticationSessionManager(session)
                .getCurrentAuthenticationSession(realm, SystemClientUtil.getSystemClient(realm), form.getFirst(FIELD_TAB_ID));
        if (authSession == null || !token.getInvitationId().equals(authSession.getAuthNote(NOTE_INVITATION))
                || !digest.equals(authSession.getAuthNote(NOTE_NONCE_DIGEST))) {
            return messagePage("page-expired", "opsknightInvitationPageExpiredTitle",
                    "opsknightInvitationPageExpiredMessage", Response.Status.BAD_REQUEST, false);
        }
        session.getContext().setAuthenticationSession(authSession);

        InvitationEntity invitation = service.store().find(realm.getId(), token.getInvitationId()).orElse(null);
        LinkState state = LinkState.of(invitation, token.getUserId(), digest, Time.currentTimeMillis());
        UserModel user = state == LinkState.VALID ? invitedUser(invitation) : null;
        if (state != LinkState.VALID || user == null) {
            return statePage(state == LinkState.VALID ? LinkState.UNKNOWN : state);
        }

        String rawName = form.getFirst(FIELD_NAME);
        String password = form.getFirst(FIELD_PASSWORD);
        List<FormMessage> errors = new ArrayList<>();
        String name = PersonInput.name(rawName).orElse(null);
        if (name == null) {
            errors.add(new FormMessage(FIELD_NAME, "opsknightInvitationNameInvalid", PersonInput.MAX_NAME_LENGTH));
        } else {
            try {
                // The realm's User Profile too, before the single-use gate: a refused name is a form error.
                ProfileWrite.check(session, realm, user, ProfileWrite.Writer.SELF, Map.of(UserModel.FIRST_NAME, name));
            } catch (OpsKnightException e) {
                errors.add(new FormMessage(FIELD_NAME, e.getMessage()));
            }
        }
        if (password == null || password.isEmpty()) {
            errors.add(new FormMessage(FIELD_PASSWORD, Messages.MISSING_PASSWORD));
        } else if (!password.equals(form.getFirst(FIELD_PASSWORD_CONFIRM))) {
            errors.add(new FormMessage(FIELD_PASSWORD_CONFIRM, Messages.INVALID_PASSWORD_CONFIRM));
        } else {
            PolicyError policy = session.getProvider(PasswordPolicyManagerProvider.class).validate(realm, user, password);
            if (policy != null) {
                errors.add(new FormMessage(FIELD_PASSWORD, policy.getMessage(), policy.getParameters()));
            }
        }
        if (!errors.isEmpty()) {
            return acceptForm(authSession, invitation, inviterName(invitation), key,
                    rawName == null ? "" : rawName, errors);
        }

        // The single-use gate: of two posts of one link, exactly one passes this update.
        long now = Time.currentTimeMillis();
        if (!service.store().accept(invitation.getId(), digest, now)) {
            service.store().reload(invitation);
            LinkState now2 = LinkState.of(invitation, token.getUserId(), digest, now);
            LOG.debugf("invitation %s: accept lost (%s)", invitation.getId(), now2.code());
            return statePage(now2 == LinkState.VALID ? LinkState.USED : now2);
        }
        service.activate(user, invitation, name, password);

        authSession.removeAuthNote(NOTE_INVITATION);
        authSession.removeAuthNote(NOTE_NONCE_DIGEST);
        return signIn(authSession, user, invitation);
    }

    /**
     * Finishes like any Keycloak login of this authentication session (the realm's "account" client,
     * as for Keycloak's own email links): required actions if the realm has any, then the user session
     * and the SSO cookies. The final hop goes to the OpsKnight web app (client {@value #WEB_CLIENT}) when
     * the realm has it, else to the OpsKnight account page; either signs in there through SSO without a prompt.
     * The code Keycloak minted for the "account" client on the way is left unused and expires.
     */
    private Response signIn(AuthenticationSessionModel authSession, UserModel user, InvitationEntity invitation) {
        authSession.setAuthenticatedUser(user);
        session.getContext().setClient(authSession.getClient());
        ClientConnection connection = session.getContext().getConnection();
        EventBuilder event = new EventBuilder(realm, session, connection)
                .event(EventType.LOGIN)
                .client(authSession.getClient())
                .user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.AUTH_METHOD, authSession.getProtocol())
                .detail("opsknight_invitation", invitation.getId());
        String protocolRedirect = authSession.getRedirectUri();
        Response response = AuthenticationManager.nextActionAfterAuthentication(session, authSession, connection,
                session.getContext().getHttpRequest(), session.getContext().getUri(), event);
        URI location = response.getLocation();
        boolean signedIn = response.getStatus() / 100 == 3 && location != null && protocolRedirect != null
                && location.toString().startsWith(protocolRedirect);
        return signedIn ? Response.status(Response.Status.FOUND).location(URI.create(landingUrl())).build() : response;
    }

    /** Where a newly active person lands: the OpsKnight web app, else the OpsKnight account page. */
    private String landingUrl() {
        ClientModel web = realm.getClientByClientId(WEB_CLIENT);
        if (web != null && web.isEnabled()) {
            String url = ResolveRelative.resolveRelativeUri(session, web.getRootUrl(), web.getBaseUrl());
            if (url != null && (url.startsWith("https://") || url.startsWith("http://"))) {
                return url;
            }
        }
        return accountUrl();
    }

    /** The key of the form, verified like the action-token endpoint does: signature, type, expiry, issuer. */
    private InvitationActionToken verify(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        InvitationActionToken token = session.tokens().decode(key, InvitationActionToken.class);
        if (token == null || !InvitationActionToken.TOKEN_TYPE.equals(token.getType()) || !token.isActive()
                || token.getInvitationId() == null || token.nonce() == null) {
            return null;
        }
        String issuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        return issuer.equals(token.getIssuer()) ? token : null;
    }

    private UserModel invitedUser(InvitationEntity invitation) {
        UserModel user = session.users().getUserById(realm, invitation.getUserId());
        // The link proves the address it was mailed to, and accepting marks the user's email verified:
        // only while that is still the user's address (a change supersedes the invitation; this holds
        // even for a change made where no listener of ours saw it).
        return user != null && UserStatus.of(user) == UserStatus.INVITED
                && invitation.getEmail().equalsIgnoreCase(String.valueOf(user.getEmail())) ? user : null;
    }

    private String inviterName(InvitationEntity invitation) {
        UserModel inviter = invitation.getInviterId() == null ? null : session.users().getUserById(realm, invitation.getInviterId());
        return InvitationService.nameOf(inviter);
    }

    // ---- pages -------------------------------------------------------------------------------

    /** The accept form: realm name, the email (read-only), the name, password twice. */
    private Response acceptForm(AuthenticationSessionModel authSession, InvitationEntity invitation, String inviterName,
                                String key, String name, List<FormMessage> errors) {
        LoginFormsProvider form = session.getProvider(LoginFormsProvider.class)
                .setAuthenticationSession(authSession)
                .setAttribute("invitationEmail", invitation.getEmail())
                .setAttribute("invitationName", name)
                .setAttribute("invitationInviter", inviterName == null ? "" : inviterName)
                .setAttribute("invitationKey", key)
                .setAttribute("invitationTabId", authSession.getTabId())
                .setAttribute("invitationAcceptUrl", acceptUrl());
        if (errors != null && !errors.isEmpty()) {
            form.setErrors(errors).setStatus(Response.Status.BAD_REQUEST);
        }
        return noStore(form).createForm(ACCEPT_TEMPLATE);
    }

    /** Why a link no longer works, and what to do. */
    private Response statePage(LinkState state) {
        Refusals.log(session, state == LinkState.UNKNOWN ? 400 : 410, state.code(), "invitation link: " + state.name().toLowerCase());
        if (state == LinkState.EXPIRED) {
            Meters.invitation(session, realm, Meters.InvitationEvent.EXPIRED);
        }
        return messagePage(state.code(), state.titleKey(), state.messageKey(),
                state == LinkState.UNKNOWN ? Response.Status.BAD_REQUEST : Response.Status.GONE,
                state == LinkState.USED);
    }

    /** A page with a title and a sentence; {@code signIn} adds a link to sign in. */
    private Response messagePage(String code, String titleKey, String messageKey, Response.Status status, boolean signIn) {
        LoginFormsProvider form = session.getProvider(LoginFormsProvider.class)
                .setAttribute("invitationState", code)
                .setAttribute("invitationTitle", titleKey)
                .setAttribute("invitationMessage", messageKey)
                .setStatus(status);
        if (signIn) {
            form.setAttribute("invitationSignInUrl", accountUrl());
        }
        return noStore(form).createForm(STATE_TEMPLATE);
    }

    private String acceptUrl() {
        return Urls.realmBase(session.getContext().getUri().getBaseUri())
                .path("{realm}/opsknight/invitations/accept").build(realm.getName()).toString();
    }

    /** The OpsKnight account page: it signs the person in through the realm's login page when needed. */
    private String accountUrl() {
        return PageUrls.account(session, realm).toString();
    }

    private static LoginFormsProvider noStore(LoginFormsProvider form) {
        // The form carries the link's key: keep it out of every cache.
        return form.setResponseHeader(NoStore.HEADER, NoStore.VALUE);
    }
}
