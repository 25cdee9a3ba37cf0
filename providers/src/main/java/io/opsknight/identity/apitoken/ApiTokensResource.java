package io.opsknight.identity.apitoken;

import io.opsknight.identity.rest.NoStore;
import io.opsknight.identity.common.Paging;
import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.ApiException;
import io.opsknight.identity.rest.Caller;
import io.opsknight.identity.rest.JsonBody;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import java.util.List;
import java.util.Set;

/**
 * {@code /me/api-tokens} (the caller's own tokens) and {@code /users/{id}/api-tokens} (an admin looks at
 * and revokes another admin's tokens). ADMIN only, checked before anything is read. Not an ApiResource:
 * its bare {@code {tokenId}} goes through a locator to {@link ApiTokenResource}.
 */
public class ApiTokensResource {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 100;

    private final KeycloakSession session;
    private final Caller caller;
    private final UserModel owner;
    private final boolean self;

    private ApiTokensResource(KeycloakSession session, Caller caller, UserModel owner, boolean self) {
        this.session = session;
        this.caller = caller;
        this.owner = owner;
        this.self = self;
    }

    /** {@code /me/api-tokens}. */
    public static ApiTokensResource mine(KeycloakSession session, Caller caller) {
        return new ApiTokensResource(session, caller, caller.user(), true);
    }

    /** {@code /users/{id}/api-tokens}. */
    public static ApiTokensResource of(KeycloakSession session, Caller caller, UserModel owner) {
        return new ApiTokensResource(session, caller, owner, false);
    }

    /** {@code GET}: live (not revoked) tokens, newest first; never the token text. */
    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ApiTokenView> list(@QueryParam("first") String first, @QueryParam("max") String max) {
        caller.requireAdmin();
        Paging paging = ApiErrors.call(() -> Paging.parse(first, max, DEFAULT_PAGE, MAX_PAGE));
        long now = System.currentTimeMillis();
        return new ApiTokenService(session, caller.realm()).list(owner, paging.first(), paging.max()).stream()
                .map(row -> ApiTokenView.of(row, now)).toList();
    }

    /** {@code POST /me/api-tokens {name, expiresInDays}}: 201 with the token, shown this once. */
    @POST
    @Path("")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@Context HttpHeaders headers, String body) {
        caller.requireAdmin().requireSignedIn("create API tokens");
        if (!self) {
            throw ApiException.methodNotAllowed(
                    "A token belongs to the person who creates it: create it through /me/api-tokens.");
        }
        JsonBody json = JsonBody.parse(headers, body).onlyFields(Set.of("name", "expiresInDays"));
        String name = json.string("name").orElse(null);
        Integer days = json.integer("expiresInDays").orElse(null);
        ApiTokenService.Created created = ApiErrors.call(() ->
                new ApiTokenService(session, caller.realm()).create(owner, caller.user().getId(), name, days));
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                .header(NoStore.HEADER, NoStore.VALUE).entity(ApiTokenView.Created.of(created)).build();
    }

    @Path("{tokenId}")
    public ApiTokenResource token(@PathParam("tokenId") String tokenId) {
        return new ApiTokenResource(session, caller, owner, tokenId);
    }
}
