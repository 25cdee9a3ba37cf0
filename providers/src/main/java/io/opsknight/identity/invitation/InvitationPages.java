package io.opsknight.identity.invitation;

import io.opsknight.identity.common.Refusals;
import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.Urls;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.List;

/** The pages a person meets through an invitation link, rendered by our login theme. */
final class InvitationPages {

    /** Keycloak's own error page shows this for a link whose signature or format is broken. */
    static final String INVALID_LINK_MESSAGE = "opsknightInvitationInvalidMessage";

    static final String ACCEPT_TEMPLATE = "opsknight-accept-invitation.ftl";
    static final String STATE_TEMPLATE = "opsknight-invitation-state.ftl";

    private InvitationPages() {
    }

    /** The accept form: realm name, the email (read-only), the name, password twice. */
    static Response acceptForm(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                               InvitationEntity invitation, String inviterName, String key, String name,
                               List<FormMessage> errors) {
        LoginFormsProvider form = session.getProvider(LoginFormsProvider.class)
                .setAuthenticationSession(authSession)
                .setAttribute("invitationEmail", invitation.getEmail())
                .setAttribute("invitationName", name)
                .setAttribute("invitationInviter", inviterName == null ? "" : inviterName)
                .setAttribute("invitationKey", key)
                .setAttribute("invitationTabId", authSession.getTabId())
                .setAttribute("invitationAcceptUrl", acceptUrl(session, realm));
        if (errors != null && !errors.isEmpty()) {
            form.setErrors(errors).setStatus(Response.Status.BAD_REQUEST);
        }
        return noStore(form).createForm(ACCEPT_TEMPLATE);
    }

    /** Why a link no longer works, and what to do. */
    static Response state(KeycloakSession session, RealmModel realm, LinkState state) {
        Refusals.log(session, state == LinkState.UNKNOWN ? 400 : 410, state.code(), "invitation link: " + state.name().toLowerCase());
        return message(session, realm, state.code(), state.titleKey(), state.messageKey(),
                state == LinkState.UNKNOWN ? Response.Status.BAD_REQUEST : Response.Status.GONE,
                state == LinkState.USED);
    }

    /** A page with a title and a sentence; {@code signIn} adds a link to sign in. */
    static Response message(KeycloakSession session, RealmModel realm, String code, String titleKey, String messageKey,
                            Response.Status status, boolean signIn) {
        LoginFormsProvider form = session.getProvider(LoginFormsProvider.class)
                .setAttribute("invitationState", code)
                .setAttribute("invitationTitle", titleKey)
                .setAttribute("invitationMessage", messageKey)
                .setStatus(status);
        if (signIn) {
            form.setAttribute("invitationSignInUrl", accountUrl(session, realm));
        }
        return noStore(form).createForm(STATE_TEMPLATE);
    }

    static String acceptUrl(KeycloakSession session, RealmModel realm) {
        return Urls.realmBase(session.getContext().getUri().getBaseUri())
                .path("{realm}/opsknight/invitations/accept").build(realm.getName()).toString();
    }

    static String accountUrl(KeycloakSession session, RealmModel realm) {
        return Urls.accountBase(session.getContext().getUri().getBaseUri()).path("/").build(realm.getName()).toString();
    }

    private static LoginFormsProvider noStore(LoginFormsProvider form) {
        // The form carries the link's key: keep it out of every cache.
        return form.setResponseHeader("Cache-Control", "no-store, must-revalidate, max-age=0");
    }
}
