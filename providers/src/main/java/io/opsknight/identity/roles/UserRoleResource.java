package io.opsknight.identity.roles;

import io.opsknight.identity.rest.ApiResource;
import io.opsknight.identity.rest.Caller;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/** {@code /users/{id}/role}: PUT {role} replaces the user's one OpsKnight role. */
public class UserRoleResource extends ApiResource {

    private final KeycloakSession session;
    private final Caller caller;
    private final UserModel user;

    public UserRoleResource(KeycloakSession session, Caller caller, UserModel user) {
        this.session = session;
        this.caller = caller;
        this.user = user;
    }
}
