package io.opsknight.identity.audit;

import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.common.Paging;
import org.keycloak.events.EventType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The filters of {@code GET /audit}, parsed and checked once. A {@code type} is either one of ours
 * ({@code user.invited}) or one of Keycloak's event types ({@code LOGIN}, {@code LOGIN_ERROR}), which
 * decides which source is read. Times: an ISO instant or offset time, a date (midnight UTC) or epoch
 * milliseconds; {@code from} inclusive, {@code to} exclusive.
 */
public record AuditFilter(AuditEventType ourType, EventType keycloakType, String userId, String actorId,
                          Long from, Long to, Paging paging) {

    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 100;
    /** Both sources are merged newest first, so a page costs {@code first + max} rows of each. */
    public static final int MAX_FIRST = 10_000;

    public static AuditFilter parse(String type, String user, String actor, String from, String to, String first, String max) {
        AuditEventType ours = null;
        EventType keycloak = null;
        if (type != null && !type.isBlank()) {
            String t = type.strip();
            ours = AuditEventType.of(t).orElse(null);
            if (ours == null) {
                keycloak = Arrays.stream(EventType.values()).filter(e -> e.name().equals(t.toUpperCase(Locale.ROOT)))
                        .findFirst().orElseThrow(() -> OpsKnightException.invalid("invalid_type", "type must be an OpsKnight event ("
                                + String.join(", ", Arrays.stream(AuditEventType.values()).map(AuditEventType::key).toList())
                                + ") or a Keycloak event type such as LOGIN or LOGIN_ERROR."));
            }
        }
        Long fromMillis = time("from", from);
        Long toMillis = time("to", to);
        if (fromMillis != null && toMillis != null && fromMillis >= toMillis) {
            throw OpsKnightException.invalid("invalid_range", "'from' must be before 'to'.");
        }
        Paging paging = Paging.parse(first, max, DEFAULT_PAGE, MAX_PAGE);
        if (paging.first() > MAX_FIRST) {
            throw OpsKnightException.invalid("invalid_first", "'first' may be at most " + MAX_FIRST
                    + "; narrow the range with 'from' and 'to' instead.");
        }
        return new AuditFilter(ours, keycloak, id("user", user), id("actor", actor), fromMillis, toMillis, paging);
    }

    /** Our table is read unless a Keycloak type was asked for. */
    public boolean readsOurs() {
        return keycloakType == null;
    }

    /**
     * Keycloak's events are read unless one of our types was asked for. Their actor is the user who
     * logged in, so an actor filter other than the user filter matches none.
     */
    public boolean readsKeycloak() {
        return ourType == null && (actorId == null || userId == null || actorId.equals(userId));
    }

    /** The user a Keycloak event must have: the user filter, else the actor filter (a login's actor is its user). */
    public String keycloakUser() {
        return userId != null ? userId : actorId;
    }

    /** Rows wanted from each source to cut the merged page. */
    public int window() {
        return paging.first() + paging.max();
    }

    private static String id(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > 255) {
            throw OpsKnightException.invalid("invalid_" + name, "'" + name + "' must be a user id.");
        }
        return raw.strip();
    }

    private static Long time(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.strip();
        try {
            if (s.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(s);
            }
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            if (s.endsWith("Z")) {
                return Instant.parse(s).toEpochMilli();
            }
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw OpsKnightException.invalid("invalid_" + name, "'" + name + "' must be an ISO-8601 time (2026-11-28T09:30:00Z), "
                    + "a date (2026-11-28) or epoch milliseconds.");
        }
    }
}
