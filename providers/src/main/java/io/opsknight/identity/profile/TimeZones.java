package io.opsknight.identity.profile;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * The time zones a person may pick: exactly Java's IANA zone ids ({@link ZoneId#getAvailableZoneIds()}),
 * sorted. One list for the API, the account page's picker, and the User Profile validator and select
 * options that the Keycloak consoles use.
 */
public final class TimeZones {

    public static final String DEFAULT = "UTC";
    private static final Set<String> IDS = Set.copyOf(ZoneId.getAvailableZoneIds());
    private static final List<String> SORTED = IDS.stream().sorted().toList();

    private TimeZones() {
    }

    public static boolean isValid(String zone) {
        return zone != null && IDS.contains(zone);
    }

    public static List<String> all() {
        return SORTED;
    }
}
