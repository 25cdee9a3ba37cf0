package io.opsknight.identity.rest;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP answer of a refusal on Keycloak's SCIM path: a SCIM error
 * ({@code urn:ietf:params:scim:api:messages:2.0:Error}: {@code status}, {@code scimType}, {@code detail}).
 * <p>
 * Keycloak's SCIM resource turns a {@code ModelValidationException} into 400 with the fixed scimType
 * {@code invalidSyntax}, any other exception into a 500, and rethrows only a JAX-RS {@link ForbiddenException}
 * as it is. So the answer travels as one of those and carries its own response, the way Keycloak's
 * {@code ErrorResponseException} overrides {@code getResponse()}; JAX-RS sends that response as it is.
 */
public final class ScimErrors {

    public static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final String SCIM_JSON = "application/scim+json";

    private ScimErrors() {
    }

    /** @param scimType RFC 7644's keyword ({@code invalidValue}, {@code mutability}, ...), or null for none */
    public static RuntimeException answer(int status, String scimType, String detail) {
        return new Answer(status, scimType, detail);
    }

    private static final class Answer extends ForbiddenException {
        private final transient Response response;

        Answer(int status, String scimType, String detail) {
            super(detail);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("schemas", List.of(SCHEMA));
            body.put("status", String.valueOf(status));
            if (scimType != null) {
                body.put("scimType", scimType);
            }
            body.put("detail", detail);
            this.response = Response.status(status).type(SCIM_JSON).entity(body).build();
        }

        @Override
        public Response getResponse() {
            return response;
        }
    }
}
