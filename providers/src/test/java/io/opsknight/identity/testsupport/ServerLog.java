package io.opsknight.identity.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

/** The test server's log (target/keycloak-server.log), read by lines. */
public final class ServerLog {

    private ServerLog() {
    }

    /** The lines that contain every one of {@code parts}. */
    public static List<String> lines(String... parts) {
        try {
            return Files.readAllLines(KeycloakServer.get().log()).stream()
                    .filter(l -> Arrays.stream(parts).allMatch(l::contains)).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
