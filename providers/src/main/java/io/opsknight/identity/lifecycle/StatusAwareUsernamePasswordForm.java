package io.opsknight.identity.lifecycle;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * Keycloak's username/password form, except that a user who is not ACTIVE gets a page saying why:
 * a pending invitation or a deactivated account.
 * <p>
 * Keycloak validates the password before it looks at the enabled flag
 * ({@code validateUserAndPassword}), so this page only appears after a correct password: it tells
 * nothing to someone guessing addresses beyond the "Account is disabled" Keycloak itself shows then.
 */
public class StatusAwareUsernamePasswordForm extends UsernamePasswordForm {

    static final String TEMPLATE = "opsknight-account-status.ftl";

    public StatusAwareUsernamePasswordForm(KeycloakSession session) {
        super(session);
    }

    @Override
    public boolean enabledUser(AuthenticationFlowContext context, UserModel user) {
        if (isDisabledByBruteForce(context, user)) {
            return false;
        }
        if (user.isEnabled()) {
            return true;
        }
        UserStatus status = UserStatus.of(user);
        context.getEvent().user(user).detail("opsknight_status", status.name());
        context.getEvent().error(Errors.USER_DISABLED);
        context.forceChallenge(context.form()
                .setAttribute("opsknightAccountStatus", status.name())
                .createForm(TEMPLATE));
        return false;
    }
}
