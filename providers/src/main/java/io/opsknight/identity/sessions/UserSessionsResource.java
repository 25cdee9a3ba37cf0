package io.opsknight.identity.sessions;

import io.opsknight.identity.common.Paging;
import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.Caller;
import jakarta.ws.rs.DELETE;
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
 * {@code /users/{id}/sessions} (ADMIN): an admin sees and ends a user's sessions. Not an
 * {@code ApiResource} for the same reason as {@link MySessionsResource}.
 */
public class UserSessionsResource {

    private final KeycloakSession session;
    private final Caller caller;
    private final UserModel user;

    public UserSessionsResource(KeycloakSession session, Caller caller, UserModel user) {
        this.session = session;
        this.caller = caller;
        this.user = user;
    }

    /** {@code GET /users/{id}/sessions}: as {@code GET /me/sessions}; {@code current} marks the admin's own. */
    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public List<SessionView> list(@QueryParam("first") String first, @QueryParam("max") String max) {
        caller.requireAdmin();
        return ApiErrors.call(() -> service().list(user, MySessionsResource.current(caller),
                Paging.parse(first, max, MySessionsResource.DEFAULT_MAX, MySessionsResource.MAX_CAP)));
    }

    /** {@code DELETE /users/{id}/sessions}: ends all of them, online and offline. */
    @DELETE
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Revoked revokeAll() {
        caller.requireAdmin();
        return ApiErrors.call(() -> new Revoked(service().revokeAll(user, caller.user().getId())));
    }

    @Path("{sid}")
    public UserSessionResource one(@PathParam("sid") String sid) {
        return new UserSessionResource(service(), caller, user, sid);
    }

    private SessionService service() {
        return new SessionService(session, caller.realm());
    }
}
