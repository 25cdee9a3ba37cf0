package io.opsknight.identity.sessions;

/** The answer of every session DELETE: {@code {"revoked": <how many sessions were ended>}}. */
public record Revoked(int revoked) {
}
