package io.opsknight.identity.common;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

/**
 * Who calls our REST API in this request, with which token. The REST edge notes it once per request; whoever
 * records the request's changes asks for it (the REST helpers so import no capability).
 */
public record ApiCall(AccessToken token, UserModel user) {

    private static final String ATTRIBUTE = "opsknight.api.call";

    public static void note(KeycloakSession session, AccessToken token, UserModel user) {
        session.setAttribute(ATTRIBUTE, new ApiCall(token, user));
    }

    /** The caller noted in this request, or null when the request did not come through our REST API. */
    public static ApiCall of(KeycloakSession session) {
        return session.getAttribute(ATTRIBUTE, ApiCall.class);
    }
}
