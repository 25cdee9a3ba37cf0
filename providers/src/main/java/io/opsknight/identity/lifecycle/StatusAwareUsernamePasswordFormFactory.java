package io.opsknight.identity.lifecycle;

import io.opsknight.identity.common.OpsKnightProviderInfo;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordFormFactory;
import org.keycloak.models.KeycloakSession;

/** {@value #PROVIDER_ID}: used by the realm's "opsknight browser" flow in place of Keycloak's form. */
public class StatusAwareUsernamePasswordFormFactory extends UsernamePasswordFormFactory implements OpsKnightProviderInfo {

    public static final String PROVIDER_ID = "opsknight-username-password-form";

    @Override
    public Authenticator create(KeycloakSession session) {
        return new StatusAwareUsernamePasswordForm(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "OpsKnight Username Password Form";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's username and password form; after a correct password, a user who is not ACTIVE "
                + "sees why (pending invitation or deactivated) instead of a generic message.";
    }
}
