package io.opsknight.identity.lifecycle;

import io.opsknight.identity.rest.ApiResource;
import io.opsknight.identity.rest.Caller;
import io.opsknight.identity.roles.UserRoleResource;
import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/** {@code /users/{id}}: one user, as seen by an admin. Each capability hangs its sub-path here. */
public class UserResource extends ApiResource {

    private final KeycloakSession session;
    private final Caller caller;
    private final UserModel user;

    public UserResource(KeycloakSession session, Caller caller, UserModel user) {
        this.session = session;
        this.caller = caller;
        this.user = user;
    }

    @Path("role")
    public UserRoleResource role() {
        return new UserRoleResource(session, caller, user);
    }
}
