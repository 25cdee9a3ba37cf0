package io.opsknight.identity.lifecycle;

import io.opsknight.identity.rest.ApiException;
import io.opsknight.identity.rest.Caller;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * {@code /users}: the admin's view of the realm's people. Not an ApiResource: its bare {id} goes
 * through the locator below to {@link UserResource}, which catches unknown sub-paths.
 */
public class UsersResource {

    private final KeycloakSession session;
    private final Caller caller;

    public UsersResource(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    @Path("{id}")
    public UserResource user(@PathParam("id") String id) {
        UserModel user = id == null ? null : session.users().getUserById(caller.realm(), id);
        if (user == null || user.getServiceAccountClientLink() != null) {
            throw ApiException.notFound("No user with id '" + id + "'.");
        }
        return new UserResource(session, caller, user);
    }
}
