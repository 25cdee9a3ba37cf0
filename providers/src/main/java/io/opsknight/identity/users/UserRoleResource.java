package io.opsknight.identity.users;

import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.roles.Permission;
import io.opsknight.identity.rest.ApiResource;
import io.opsknight.identity.rest.Caller;
import io.opsknight.identity.rest.JsonBody;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Set;

/** {@code /users/{id}/role}: PUT {role} replaces the user's one OpsKnight role. */
public class UserRoleResource extends ApiResource {

    private static final Set<String> FIELDS = Set.of("role");

    private final KeycloakSession session;
    private final Caller caller;
    private final UserModel user;

    public UserRoleResource(KeycloakSession session, Caller caller, UserModel user) {
        this.session = session;
        this.caller = caller;
        this.user = user;
    }

    /**
     * Gives the user exactly the requested role. 409 for the caller's own id, and when the user is the last ACTIVE ADMIN and would
     * lose ADMIN. A demotion ends the user's sessions (see {@link RoleService#changed}).
     * No {@code @Consumes}: JsonBody answers a wrong content type with our own 415 JSON error.
     */
    @PUT
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public UserDetails put(@Context HttpHeaders headers, String raw) {
        caller.require(Permission.USERS_MANAGE_ROLES);
        String requested = JsonBody.parse(headers, raw).onlyFields(FIELDS).requiredString("role");
        RealmModel realm = caller.realm();
        ApiErrors.run(() -> new PeopleService(session, realm).changeRole(caller.user(), user, requested, "api"));
        return UserDetails.of(session, realm, user);
    }
}
