package io.opsknight.identity.users;

import io.opsknight.identity.apitoken.ApiTokensResource;
import io.opsknight.identity.access.StatusService;
import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.ApiResource;
import io.opsknight.identity.rest.Caller;
import io.opsknight.identity.rest.JsonBody;
import io.opsknight.identity.sessions.UserSessionsResource;
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

    /**
     * Every change of a person goes through here first: ADMIN only (403 before anything else), then 403
     * {@code managed_in_keycloak} for a user who holds roles outside OpsKnight (see {@link OpsKnightPeople}).
     */
    private void managedByUs() {
        caller.requireAdmin();
        ApiErrors.run(() -> OpsKnightPeople.requireManaged(caller.realm(), user));
    }

    @Path("role")
    public UserRoleResource role() {
        return new UserRoleResource(session, caller, user);
    }

    @Path("sessions")
    public UserSessionsResource sessions() {
        return new UserSessionsResource(session, caller, user);
    }

    @Path("api-tokens")
    public ApiTokensResource apiTokens() {
        return ApiTokensResource.of(session, caller, user);
    }

    /** {@code GET /users/{id}}: the user with profile and preferences (ADMIN). */
    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public UserDetails get() {
        caller.requireAdmin();
        return UserDetails.of(session, caller.realm(), user);
    }

    /** {@code POST /users/{id}/deactivate}: ACTIVE to DISABLED, every session ended at once (ADMIN). */
    @POST
    @Path("deactivate")
    @Produces(MediaType.APPLICATION_JSON)
    public UserDetails deactivate() {
        managedByUs();
        ApiErrors.run(() -> new StatusService(session, caller.realm()).deactivate(user, caller.user().getId()));
        return UserDetails.of(session, caller.realm(), user);
    }

    /** {@code POST /users/{id}/reactivate}: DISABLED to ACTIVE (ADMIN). */
    @POST
    @Path("reactivate")
    @Produces(MediaType.APPLICATION_JSON)
    public UserDetails reactivate() {
        managedByUs();
        ApiErrors.run(() -> new StatusService(session, caller.realm()).reactivate(user, caller.user().getId()));
        return UserDetails.of(session, caller.realm(), user);
    }

    /** {@code PUT /users/{id}/profile {email, name, phone_number, zoneinfo}} (ADMIN). */
    @PUT
    @Path("profile")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public UserDetails updateProfile(@Context HttpHeaders headers, String body) {
        managedByUs();
        ApiErrors.run(() -> {
            JsonBody json = JsonBody.parse(headers, body).onlyFields(AdminProfileUpdate.FIELDS);
            // An absent field stays as it is; PeopleService validates them all before anything is written.
            String email = json.has("email") ? json.string("email").orElse("") : null;
            String name = json.has("name") ? json.string("name").orElse("") : null;
            String phone = json.has("phone_number") ? json.string("phone_number").orElse("") : null;
            String zone = json.has("zoneinfo") ? json.string("zoneinfo").orElse("") : null;
            new PeopleService(session, caller.realm()).updateProfile(caller.user(), user, email, name, phone, zone);
        });
        return UserDetails.of(session, caller.realm(), user);
    }

    /** {@code PUT /users/{id}/preferences}: as /me/preferences, for another user (ADMIN). */
    @PUT
    @Path("preferences")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public UserDetails updatePreferences(@Context HttpHeaders headers, String body) {
        managedByUs();
        java.util.Map<io.opsknight.identity.profile.ProfileAttribute, String> values = io.opsknight.identity.users.MeResource.preferences(headers, body);
        ApiErrors.run(() -> new io.opsknight.identity.profile.ProfileService(session, caller.realm()).updatePreferences(caller.user(), user, values));
        return UserDetails.of(session, caller.realm(), user);
    }

    /** {@code POST /users/{id}/password-reset}: Keycloak's "update your password" email (ADMIN). */
    @POST
    @Path("password-reset")
    @Produces(MediaType.APPLICATION_JSON)
    public PasswordReset.Sent passwordReset() {
        managedByUs();
        return ApiErrors.call(() -> PasswordReset.send(session, caller.realm(), caller.user(), user));
    }
}
