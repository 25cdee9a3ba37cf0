package io.opsknight.identity.sessions;

import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.ApiResource;
import io.opsknight.identity.rest.Caller;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /me/sessions/{id}}: one of the caller's sessions (another person's id is 404). */
public class MySessionResource extends ApiResource {

    private final SessionService service;
    private final Caller caller;
    private final String id;

    MySessionResource(SessionService service, Caller caller, String id) {
        this.service = service;
        this.caller = caller;
        this.id = id;
    }

    /** {@code DELETE /me/sessions/{id}}: revoke it (the caller's own current session too: that is a logout). */
    @DELETE
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Revoked revoke() {
        caller.requireSignedIn("end sessions");
        return ApiErrors.call(() -> new Revoked(service.revoke(caller.user(), id, caller.user().getId())));
    }
}
