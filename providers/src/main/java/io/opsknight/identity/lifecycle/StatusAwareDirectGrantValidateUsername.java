package io.opsknight.identity.lifecycle;

import io.opsknight.identity.common.OpsKnightProviderInfo;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.directgrant.ValidateUsername;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Set;

/**
 * Keycloak's direct-grant username check, except that a user who is not ACTIVE is told which of
 * INVITED or DISABLED applies, and only after a correct password (Keycloak's own check says
 * "Account disabled" under the same condition, so no more is revealed). Everything else, including
 * unknown users and brute-force lockouts, is Keycloak's {@link ValidateUsername}.
 */
public class StatusAwareDirectGrantValidateUsername extends ValidateUsername implements OpsKnightProviderInfo {

    public static final String PROVIDER_ID = "opsknight-direct-grant-username";
    static final String INVITED_DESCRIPTION = "Account not activated yet: accept the invitation sent by email, or ask your admin to resend it";
    /** The OAuth error status of a refused password grant (RFC 6749, 5.2). */
    private static final int BAD_REQUEST = 400;
    static final String DISABLED_DESCRIPTION = "Account deactivated: contact your admin";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = disabledUser(context);
        if (user == null) {
            super.authenticate(context);
            return;
        }
        UserStatus status = UserStatus.of(user);
        context.getEvent().detail(Details.USERNAME, retrieveUsername(context)).user(user)
                .detail("opsknight_status", status.name());
        String password = retrievePassword(context);
        boolean correct = password != null && !password.isEmpty()
                && user.credentialManager().isValid(UserCredentialModel.password(password));
        if (!correct) {
            // A wrong password counts for brute-force protection, as on any account: our password check
            // must not become an unthrottled oracle for disabled accounts. (context.failure() would need
            // context.setUser(), which Keycloak refuses for a disabled user.)
            if (context.getRealm().isBruteForceProtected()) {
                context.getProtector().failedLogin(context.getRealm(), user, context.getConnection(),
                        context.getUriInfo(), Set.of(PasswordCredentialModel.TYPE));
            }
            context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
            context.forceChallenge(errorResponse(BAD_REQUEST, "invalid_grant",
                    "Invalid user credentials"));
            return;
        }
        context.getEvent().error(Errors.USER_DISABLED);
        String description = status == UserStatus.INVITED ? INVITED_DESCRIPTION : DISABLED_DESCRIPTION;
        context.forceChallenge(errorResponse(BAD_REQUEST, "invalid_grant", description));
    }

    /** The user named in the request when it exists, is disabled and is not locked out; else null. */
    private UserModel disabledUser(AuthenticationFlowContext context) {
        String username = retrieveUsername(context);
        if (username == null) {
            return null;
        }
        UserModel user;
        try {
            user = KeycloakModelUtils.findUserByNameOrEmail(context.getSession(), context.getRealm(), username);
        } catch (ModelDuplicateException e) {
            return null;
        }
        if (user == null || user.isEnabled() || user.getServiceAccountClientLink() != null
                || AuthenticatorUtils.getDisabledByBruteForceEventError(context, user) != null) {
            return null;
        }
        return user;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "OpsKnight Username Validation";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's direct-grant username validation; after a correct password, a user who is not ACTIVE "
                + "is told whether the invitation is pending or the account is deactivated.";
    }
}
