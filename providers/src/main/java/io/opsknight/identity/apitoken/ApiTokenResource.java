package io.opsknight.identity.apitoken;

import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.ApiResource;
import io.opsknight.identity.rest.Caller;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/** {@code .../api-tokens/{tokenId}}: revoke one token (ADMIN); an id that is not the owner's is 404. */
public class ApiTokenResource extends ApiResource {

    private final KeycloakSession session;
    private final Caller caller;
    private final UserModel owner;
    private final String tokenId;

    ApiTokenResource(KeycloakSession session, Caller caller, UserModel owner, String tokenId) {
        this.session = session;
        this.caller = caller;
        this.owner = owner;
        this.tokenId = tokenId;
    }

    /** Revokes the token: the next exchange of it is refused. 204. */
    @DELETE
    @Path("")
    public Response revoke() {
        caller.requireAdmin();
        ApiErrors.run(() -> new ApiTokenService(session, caller.realm()).revoke(owner, tokenId, caller.user().getId()));
        return Response.noContent().build();
    }
}
