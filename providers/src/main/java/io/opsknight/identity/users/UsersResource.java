package io.opsknight.identity.users;

import io.opsknight.identity.common.Paging;
import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.ApiException;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.rest.Caller;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.common.Names;
import io.opsknight.identity.rest.JsonBody;
import io.opsknight.identity.rest.NoStore;
import io.opsknight.identity.roles.Permission;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.keycloak.common.util.Time;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import java.util.List;
import java.util.Set;

/**
 * {@code /users}: the admin's view of the realm's people. Not an ApiResource: its bare {id} goes
 * through the locator below to {@link UserResource}, which catches unknown sub-paths.
 */
public class UsersResource {

    private static final Set<String> BULK_FIELDS = Set.of("action", "ids", "role");

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
     * {@code POST /users/bulk {"action", "ids", "role"}}: one action on up to {@value BulkActions#MAX_IDS} people,
     * each through the single action's rules in its own transaction; 200 with every row's outcome (ADMIN; a
     * role change also needs {@code users:manage-roles}, a resend {@code users:invite}, as one at a time).
     */
    @POST
    @Path("bulk")
    @Produces(MediaType.APPLICATION_JSON)
    public BulkActions.Result bulk(@Context HttpHeaders headers, String body) {
        caller.requireAdmin();
        JsonBody json = JsonBody.parse(headers, body).onlyFields(BULK_FIELDS);
        String requested = json.requiredString("action");
        BulkActions.Action action = BulkActions.Action.parse(requested).orElseThrow(() -> ApiException.badRequest("invalid_action",
                "action must be one of deactivate, reactivate, change-role, resend-invitation."));
        switch (action) {
            case CHANGE_ROLE -> caller.require(Permission.USERS_MANAGE_ROLES);
            case RESEND_INVITATION -> caller.require(Permission.USERS_INVITE);
            default -> {
            }
        }
        Role role = json.string("role").map(r -> ApiErrors.call(() -> Role.require(r, "invalid_role", "role"))).orElse(null);
        List<String> ids = json.stringList("ids");
        return ApiErrors.call(() -> BulkActions.run(session, caller.realm(), caller.user(), action, role, ids, "api"));
    }

    /**
     * {@code GET /users/export?status=&role=&search=&sort=}: everyone the list's filters match, as CSV
     * ({@link UserExport}), streamed. No {@code @Produces}: the type is set on the answer, so any Accept gets it.
     */
    @GET
    @Path("export")
    public Response export(@QueryParam("status") String status, @QueryParam("role") String role,
                           @QueryParam("search") String search, @QueryParam("sort") String sort) {
        caller.requireAdmin();
        UserQuery.Filter filter = new UserQuery.Filter(statusFilter(status), roleFilter(role), searchFilter(search));
        UserQuery.Sort order = blank(sort) ? UserQuery.Sort.JOINED : Names.parse(UserQuery.Sort.class, sort.replace('-', '_'))
                .orElseThrow(() -> ApiException.badRequest("invalid_sort", "sort must be one of joined, name, email, last-sign-in, status."));
        UserExport export = new UserExport(session, caller.realm(), filter, order);
        StreamingOutput body = export::write;
        return Response.ok(body).type("text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + UserExport.fileName(caller.realm(), Time.currentTimeMillis()) + "\"")
                .header(NoStore.HEADER, NoStore.VALUE)
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    private static UserStatus statusFilter(String status) {
        return blank(status) ? null : UserStatus.parse(status).orElseThrow(() ->
                ApiException.badRequest("invalid_status", "status must be one of INVITED, ACTIVE, DISABLED."));
    }

    private static Role roleFilter(String role) {
        return blank(role) ? null : ApiErrors.call(() -> Role.require(role, "invalid_role", "role"));
    }

    private static String searchFilter(String search) {
        if (search != null && search.length() > 255) {
            throw ApiException.badRequest("invalid_search", "search is limited to 255 characters.");
        }
        return blank(search) ? null : search;
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
