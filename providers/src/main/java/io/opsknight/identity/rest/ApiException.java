package io.opsknight.identity.rest;

import io.opsknight.identity.common.Refusals;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.services.ErrorResponseException;

/**
 * Every 4xx of our API: {@code {"error": "<code>", "message": "<sentence>"}}.
 * Extends Keycloak's ErrorResponseException so that the response is sent as-is and the
 * transaction is rolled back: a refused request changes nothing.
 */
public class ApiException extends ErrorResponseException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(code, message)).build());
        this.status = status;
        this.code = code;
        if (status == 403 || status == 429) {
            // The REST edge's one log line of a refusal (every 403/429 of the API is made here).
            Refusals.log(null, status, code, message);
        }
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    @Override
    public String getMessage() {
        return code;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    /** A method the path has, but not for this caller's case (the framework's own 405s are shaped by ApiErrorShape). */
    public static ApiException methodNotAllowed(String message) {
        return new ApiException(405, "method_not_allowed", message);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "unsupported_media_type", message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    public static ApiException gone(String code, String message) {
        return new ApiException(410, code, message);
    }
}
