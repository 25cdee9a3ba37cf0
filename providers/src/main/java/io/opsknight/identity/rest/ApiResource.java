package io.opsknight.identity.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * Base of our resources: any path below the resource that no method takes answers 404 in our JSON
 * error shape instead of the framework's.
 * <p>
 * JAX-RS ranks a template with a non-default regex above a plain {@code {id}}, so a resource with a
 * bare {@code {id}} path must not extend this class: it routes {@code {id}} through a sub-resource
 * locator to a per-item resource that does. The regex needs one character, so {@code @Path("")} wins.
 */
public abstract class ApiResource {

    private static final String ANY = "{unknownPath: .+}";

    @GET
    @Path(ANY)
    public Response unknownGet(@PathParam("unknownPath") String path) {
        throw unknown(path);
    }

    @POST
    @Path(ANY)
    public Response unknownPost(@PathParam("unknownPath") String path) {
        throw unknown(path);
    }

    @PUT
    @Path(ANY)
    public Response unknownPut(@PathParam("unknownPath") String path) {
        throw unknown(path);
    }

    @DELETE
    @Path(ANY)
    public Response unknownDelete(@PathParam("unknownPath") String path) {
        throw unknown(path);
    }

    @PATCH
    @Path(ANY)
    public Response unknownPatch(@PathParam("unknownPath") String path) {
        throw unknown(path);
    }

    private static ApiException unknown(String path) {
        // The path as decoded by the framework may hold CR/LF (%0d%0a): never echoed raw into a message.
        String shown = path == null ? "" : path.replaceAll("\\p{Cntrl}", "?");
        return ApiException.notFound("No such endpoint or method: '" + shown + "'.");
    }
}
