package io.opsknight.identity.common;

import java.time.Instant;

/** The one way our JSON writes a time: ISO-8601 in UTC (docs/architecture.md, "JSON naming"); null stays null. */
public final class Times {

    private Times() {
    }

    public static String iso(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    /** Keycloak's session times are in seconds. */
    public static String isoSeconds(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }
}
