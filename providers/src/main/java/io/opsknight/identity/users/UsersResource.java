package io.opsknight.identity.users;

import io.opsknight.identity.common.Paging;
import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.ApiException;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.rest.Caller;
import io.opsknight.identity.roles.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import java.util.List;

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

    /** {@code GET /users?status=&role=&search=&first=&max=}: newest first, {@code max} capped at 100. */
    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public List<UserSummary> list(@QueryParam("status") String status, @QueryParam("role") String role,
                                  @QueryParam("search") String search, @QueryParam("first") String first,
                                  @QueryParam("max") String max) {
        caller.requireAdmin();
        UserStatus statusFilter = blank(status) ? null : UserStatus.parse(status).orElseThrow(() ->
                ApiException.badRequest("invalid_status", "status must be one of INVITED, ACTIVE, DISABLED."));
        Role roleFilter = blank(role) ? null : ApiErrors.call(() -> Role.require(role, "invalid_role", "role"));
        Paging paging = ApiErrors.call(() -> Paging.parse(first, max, UserQuery.DEFAULT_PAGE, UserQuery.MAX_PAGE));
        if (search != null && search.length() > 255) {
            throw ApiException.badRequest("invalid_search", "search is limited to 255 characters.");
        }
        return UserQuery.list(session, caller.realm(), statusFilter, roleFilter, search, paging.first(), paging.max()).stream()
                .map(u -> UserSummary.of(session, caller.realm(), u)).toList();
    }

    /**
     * {@code GET /users/counts?role=&search=}: how many people match, per status (the People page's counters),
     * counted in one statement over indexes; the same filters as the list.
     */
    @GET
    @Path("counts")
    @Produces(MediaType.APPLICATION_JSON)
    public UserCounts counts(@QueryParam("role") String role, @QueryParam("search") String search) {
        caller.requireAdmin();
        Role roleFilter = blank(role) ? null : ApiErrors.call(() -> Role.require(role, "invalid_role", "role"));
        if (search != null && search.length() > 255) {
            throw ApiException.badRequest("invalid_search", "search is limited to 255 characters.");
        }
        return UserCounts.of(UserQuery.countByStatus(session, caller.realm(), new UserQuery.Filter(null, roleFilter, search)));
    }

    @Path("{id}")
    public UserResource user(@PathParam("id") String id) {
        // Authorize before looking anything up: a non-admin learns nothing about which ids exist.
        caller.requireAdmin();
        UserModel user = id == null ? null : session.users().getUserById(caller.realm(), id);
        if (user == null || user.getServiceAccountClientLink() != null) {
            throw ApiException.notFound("No user with id '" + id + "'.");
        }
        return new UserResource(session, caller, user);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
