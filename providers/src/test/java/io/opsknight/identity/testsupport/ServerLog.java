package io.opsknight.identity.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The test server's log (target/keycloak-server.log): the one way tests read it. */
public final class ServerLog {

    private ServerLog() {
    }

    /** The whole log so far. */
    public static String text() {
        return text(KeycloakServer.get());
    }

    /** The whole log of this server (a cluster node) so far. */
    public static String text(KeycloakServer server) {
        try {
            return Files.readString(server.log());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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

    /** Waits (polling) until a line contains every one of {@code parts}; fails after {@code timeout}. */
    public static String await(Duration timeout, String... parts) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> found = lines(parts);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The server log has no line with: " + Arrays.toString(parts));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
