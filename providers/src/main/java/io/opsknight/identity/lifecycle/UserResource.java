package io.opsknight.identity.lifecycle;

import io.opsknight.identity.apitoken.ApiTokensResource;
import io.opsknight.identity.profile.UserView;
import io.opsknight.identity.rest.ApiResource;
import io.opsknight.identity.rest.Caller;
import io.opsknight.identity.roles.UserRoleResource;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import java.util.Map;

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

    @Path("api-tokens")
    public ApiTokensResource apiTokens() {
        return ApiTokensResource.of(session, caller, user);
    }

    /** {@code GET /users/{id}}: the user with profile and preferences (ADMIN). */
    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get() {
        caller.requireAdmin();
        return UserView.full(caller.realm(), user);
    }

    /** {@code POST /users/{id}/deactivate}: ACTIVE to DISABLED, every session ended at once (ADMIN). */
    @POST
    @Path("deactivate")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> deactivate() {
        caller.requireAdmin();
        Lifecycle.deactivate(session, caller.realm(), user, caller.user().getId());
        return UserView.full(caller.realm(), user);
    }

    /** {@code POST /users/{id}/reactivate}: DISABLED to ACTIVE (ADMIN). */
    @POST
    @Path("reactivate")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> reactivate() {
        caller.requireAdmin();
        Lifecycle.reactivate(session, caller.realm(), user, caller.user().getId());
        return UserView.full(caller.realm(), user);
    }

    /** {@code PUT /users/{id}/profile {email, name, phone_number, zoneinfo}} (ADMIN). */
    @PUT
    @Path("profile")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> updateProfile(@Context HttpHeaders headers, String body) {
        caller.requireAdmin();
        AdminProfileUpdate.apply(session, caller, user, headers, body);
        return UserView.full(caller.realm(), user);
    }

    /** {@code POST /users/{id}/password-reset}: Keycloak's "update your password" email (ADMIN). */
    @POST
    @Path("password-reset")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> passwordReset() {
        caller.requireAdmin();
        return PasswordReset.send(session, caller, user);
    }
}
