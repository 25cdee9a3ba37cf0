package io.opsknight.identity.sessions;

import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.ApiResource;
import io.opsknight.identity.rest.Caller;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.UserModel;

/** {@code /users/{id}/sessions/{sid}} (ADMIN): one session of that user (another user's sid is 404). */
public class UserSessionResource extends ApiResource {

    private final SessionService service;
    private final Caller caller;
    private final UserModel user;
    private final String sid;

    UserSessionResource(SessionService service, Caller caller, UserModel user, String sid) {
        this.service = service;
        this.caller = caller;
        this.user = user;
        this.sid = sid;
    }

    /** {@code DELETE /users/{id}/sessions/{sid}}. */
    @DELETE
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Revoked revoke() {
        caller.requireAdmin();
        return ApiErrors.call(() -> new Revoked(service.revoke(user, sid, caller.user().getId())));
    }
}
