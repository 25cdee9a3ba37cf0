package io.opsknight.identity.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.ext.Provider;

import java.util.List;

/**
 * The framework's own 404 and 405 under our root ({@code /realms/{realm}/opsknight/...}) in our error
 * shape. The catch-all methods of {@link ApiResource} answer most unknown paths, but JAX-RS answers
 * before any of our code runs when a path matches and the method does not (405), when a template
 * cannot match at all (an encoded CR/LF is not matched by {@code .}), or for methods we never declare
 * (HEAD, OPTIONS on some paths); Keycloak then writes {@code {"error":"HTTP 404 Not Found"}} without
 * our {@code message}. This filter rewrites exactly those: JSON answers under our root that are not
 * already ours. Keycloak's HTML error pages (a browser on our pages) pass unchanged.
 */
@Provider
public class ApiErrorShape implements ContainerResponseFilter {

    /** Our segment under {@code /realms/{realm}/}: the REST root's provider id (the root is above this package). */
    public static final String ROOT_SEGMENT = "opsknight";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if ((status != 404 && status != 405) || response.getEntity() instanceof ApiError || !underOurRoot(request)) {
            return;
        }
        MediaType type = response.getMediaType();
        if (response.hasEntity() && type != null && !MediaType.APPLICATION_JSON_TYPE.isCompatible(type)) {
            return;
        }
        ApiError error = status == 404
                ? new ApiError("not_found", "No such endpoint: " + request.getMethod() + " " + ourPath(request) + ".")
                : new ApiError("method_not_allowed", request.getMethod() + " is not allowed on " + ourPath(request)
                        + allowed(response) + ".");
        response.setEntity(error, null, MediaType.APPLICATION_JSON_TYPE);
        response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
    }

    /**
     * {@code realms/{realm}/opsknight[/...]}: our extension's path under Keycloak's realm root (after the
     * server's {@code http-relative-path}, if any).
     */
    static boolean underOurRoot(List<String> segments) {
        int realms = segments.indexOf("realms");
        return realms >= 0 && segments.size() > realms + 2
                && ROOT_SEGMENT.equals(segments.get(realms + 2));
    }

    private static boolean underOurRoot(ContainerRequestContext request) {
        return underOurRoot(segments(request));
    }

    private static List<String> segments(ContainerRequestContext request) {
        return request.getUriInfo().getPathSegments().stream().map(PathSegment::getPath)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** The path below our root, as the client wrote it (still percent-encoded: no raw CR/LF in a message). */
    private static String ourPath(ContainerRequestContext request) {
        String raw = request.getUriInfo().getRequestUri().getRawPath();
        int at = raw.indexOf("/" + ROOT_SEGMENT);
        return at < 0 ? "/" : raw.substring(at + 1 + ROOT_SEGMENT.length()).isEmpty()
                ? "/" : raw.substring(at + 1 + ROOT_SEGMENT.length());
    }

    private static String allowed(ContainerResponseContext response) {
        String allow = response.getHeaderString(HttpHeaders.ALLOW);
        return allow == null || allow.isBlank() ? "" : " (allowed: " + allow + ")";
    }
}
