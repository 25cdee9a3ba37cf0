package io.opsknight.identity.sessions;

import io.opsknight.identity.common.OpsKnightException;
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

import java.util.List;

/**
 * {@code /me/sessions}: the caller's own sessions. Not an {@code ApiResource}: its catch-all would
 * outrank the bare {@code {id}} below, so unknown paths are answered by the per-session resource.
 */
public class MySessionsResource {

    static final int DEFAULT_MAX = 100;
    public static final int MAX_CAP = 500;

    private final KeycloakSession session;
    private final Caller caller;

    public MySessionsResource(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    /** {@code GET /me/sessions}: online and offline sessions, newest activity first, the caller's marked. */
    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public List<SessionView> list(@QueryParam("first") String first, @QueryParam("max") String max) {
        return ApiErrors.call(() -> service().list(caller.user(), current(caller),
                Paging.parse(first, max, DEFAULT_MAX, MAX_CAP)));
    }

    /** {@code DELETE /me/sessions?scope=others}: every session but the caller's. */
    @DELETE
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Revoked revokeOthers(@QueryParam("scope") String scope) {
        caller.requireSignedIn("end sessions");
        return ApiErrors.call(() -> {
            if (!"others".equals(scope)) {
                throw OpsKnightException.invalid("invalid_scope",
                        "'scope' must be 'others' (to revoke one session, DELETE /me/sessions/{id}).");
            }
            return new Revoked(service().revokeOthers(caller.user(), current(caller).sid(), caller.user().getId()));
        });
    }

    @Path("{id}")
    public MySessionResource one(@PathParam("id") String id) {
        return new MySessionResource(service(), caller, id);
    }

    private SessionService service() {
        return new SessionService(session, caller.realm());
    }

    static CurrentSession current(Caller caller) {
        return new CurrentSession(caller.token() == null ? null : caller.token().getSessionId(),
                caller.userSession() != null && caller.userSession().isOffline());
    }
}
