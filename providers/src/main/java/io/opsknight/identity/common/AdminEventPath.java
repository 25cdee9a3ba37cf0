package io.opsknight.identity.common;

import java.util.Optional;

/**
 * Reads the user id out of a Keycloak admin event's resource path, e.g. {@code users/<id>} or
 * {@code users/<id>/role-mappings/realm}: the one parser of the console listeners.
 */
public final class AdminEventPath {

    private static final String USERS = "users/";

    private AdminEventPath() {
    }

    /**
     * The user id when {@code path} is exactly {@code users/<id>} followed by {@code rest} (empty for
     * the user itself, e.g. {@code /role-mappings/realm}); empty for anything else, including group
     * mappings, deeper paths and ids with a slash.
     */
    public static Optional<String> userId(String path, String rest) {
        if (path == null || !path.startsWith(USERS) || !path.endsWith(rest)) {
            return Optional.empty();
        }
        String id = path.substring(USERS.length(), path.length() - rest.length());
        return id.isEmpty() || id.contains("/") ? Optional.empty() : Optional.of(id);
    }
}
