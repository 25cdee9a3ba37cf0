package io.opsknight.identity.testsupport;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A token response of the realm, with its JWTs decoded. */
public record Tokens(String accessToken, String idToken, String refreshToken) {

    public static Tokens from(Http.Reply reply) {
        if (reply.status() != 200) {
            throw new AssertionError("Token request failed: " + reply);
        }
        JsonNode json = reply.json();
        return new Tokens(json.path("access_token").asText(null), json.path("id_token").asText(null),
                json.path("refresh_token").asText(null));
    }

    public JsonNode access() {
        return claims(accessToken);
    }

    public JsonNode id() {
        return claims(idToken);
    }

    /** The claims of a JWT, without verifying it (the server did). */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        try {
            return Http.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
