package io.opsknight.identity.profile;

import io.opsknight.identity.apitoken.ApiTokensResource;
import io.opsknight.identity.rest.ApiResource;
import io.opsknight.identity.rest.Caller;
import io.opsknight.identity.sessions.MySessionsResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.KeycloakSession;

/** {@code /me}: the caller's own account. */
public class MeResource extends ApiResource {

    private final KeycloakSession session;
    private final Caller caller;

    public MeResource(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Me get() {
        return Me.of(session, caller.realm(), caller.user());
    }

    @Path("sessions")
    public MySessionsResource sessions() {
        return new MySessionsResource(session, caller);
    }

    @Path("api-tokens")
    public ApiTokensResource apiTokens() {
        return ApiTokensResource.mine(session, caller);
    }
}
