package io.opsknight.identity.users;

import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.lifecycle.UserStatus;
import org.jboss.logging.Logger;
import org.keycloak.authentication.actiontoken.execactions.ExecuteActionsActionToken;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.SystemClientUtil;
import org.keycloak.services.resources.LoginActionsService;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * "Contact your admin to reset your password": the admin sends Keycloak's own execute-actions email
 * with UPDATE_PASSWORD, exactly as the admin console's "Credential Reset" does. The link is an action
 * token signed by the realm, valid for the realm's admin-generated action token lifespan.
 */
final class PasswordReset {

    private static final Logger LOG = Logger.getLogger(PasswordReset.class);

    private PasswordReset() {
    }

    /** What the admin is told: the email went out, to which address, and how long its link works. */
    record Sent(boolean sent, String email, int expiresInSeconds) {
    }

    static Sent send(KeycloakSession session, RealmModel realm, UserModel actor, UserModel user) {
        UserStatus status = UserStatus.of(user);
        if (status != UserStatus.ACTIVE) {
            throw OpsKnightException.conflict("invalid_status", "Cannot reset the password of a user whose status is " + status
                    + (status == UserStatus.INVITED ? ": resend the invitation instead." : ": reactivate the user first."));
        }
        if (user.getEmail() == null || user.getEmail().isBlank()) {
            throw OpsKnightException.conflict("no_email", "The user has no email address to send the reset link to.");
        }
        if (realm.getSmtpConfig() == null || realm.getSmtpConfig().get("host") == null) {
            throw OpsKnightException.unavailable("email_not_configured", "The realm has no SMTP server configured, so no email can be sent.");
        }
        ClientModel client = SystemClientUtil.getSystemClient(realm);
        int lifespan = realm.getActionTokenGeneratedByAdminLifespan();
        List<String> actions = List.of(UserModel.RequiredAction.UPDATE_PASSWORD.name());
        ExecuteActionsActionToken token = new ExecuteActionsActionToken(user.getId(), user.getEmail(),
                Time.currentTime() + lifespan, actions, null, client.getClientId());
        String link = LoginActionsService.actionTokenProcessor(session.getContext().getUri())
                .queryParam("key", token.serialize(session, realm, session.getContext().getUri()))
                .build(realm.getName()).toString();
        try {
            session.getProvider(EmailTemplateProvider.class)
                    .setAttribute(Constants.TEMPLATE_ATTR_REQUIRED_ACTIONS, token.getRequiredActions())
                    // The user's own locale, not the admin's browser language.
                    .setAttribute(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true)
                    .setRealm(realm)
                    .setUser(user)
                    .sendExecuteActions(link, TimeUnit.SECONDS.toMinutes(lifespan));
        } catch (EmailException e) {
            LOG.warnf("password reset email to user %s of realm %s failed: %s", user.getId(), realm.getName(), e.getMessage());
            throw OpsKnightException.unavailable("email_failed", "The reset email could not be sent: the mail server refused or "
                    + "could not be reached. Try again later or check the realm's SMTP settings.");
        }
        Audit.record(session, realm, AuditEventType.USER_PASSWORD_RESET, actor.getId(), user.getId(),
                Map.of("email", user.getEmail(), "expiresInSeconds", lifespan));
        return new Sent(true, user.getEmail(), lifespan);
    }
}
