package io.opsknight.identity.users;

import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.profile.ProfileAttribute;
import io.opsknight.identity.profile.ProfileService;
import io.opsknight.identity.sessions.UserSessions;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An admin edits a user's {@code email}, {@code name}, {@code phone_number} and {@code zoneinfo}.
 * Fields left out stay as they are; {@code phone_number} or {@code zoneinfo} set to null or "" are
 * cleared (zoneinfo then reads as its default, UTC). The whole body is validated (with the
 * {@code valid*} rules below) before anything is written, and {@code user.profile.updated} names the
 * fields that changed.
 */
final class AdminProfileUpdate {

    static final Set<String> FIELDS = Set.of("email", "name", "phone_number", "zoneinfo");
    static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{1,14}$");

    private AdminProfileUpdate() {
    }

    /** Validated values; null leaves a field as it is, "" clears phone_number or zoneinfo. */
    record Changes(String email, String name, String phoneNumber, String zoneinfo) {
    }

    static void apply(KeycloakSession session, RealmModel realm, String actorId, UserModel user, Changes changes) {
        List<String> changed = new ArrayList<>();
        String oldEmail = user.getEmail();
        boolean emailChanged = changes.email() != null && !changes.email().equalsIgnoreCase(Objects.toString(oldEmail, ""));
        if (emailChanged) {
            changeEmail(session, realm, user, changes.email());
            changed.add("email");
        }
        if (changes.name() != null && !changes.name().equals(PersonInput.displayName(user))) {
            // The display name lives in firstName (the realm's user profile labels it "Name").
            user.setFirstName(changes.name());
            user.setLastName(null);
            changed.add("name");
        }
        if (changes.phoneNumber() != null
                && ProfileAttribute.PHONE_NUMBER.write(user, changes.phoneNumber())) {
            // A new number is not verified yet (and the phone channels wait for the verification).
            ProfileService.phoneChanged(user);
            changed.add("phone_number");
        }
        if (changes.zoneinfo() != null && ProfileAttribute.ZONEINFO.write(user, changes.zoneinfo())) {
            changed.add("zoneinfo");
        }
        if (changed.isEmpty()) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("fields", changed);
        if (emailChanged) {
            // Whoever used the old address may no longer own the new one: the new address is unverified,
            // every session ends (a session must not outlive the identity it was opened for), and the
            // old address hears of it.
            user.setEmailVerified(false);
            details.put("sessionsEnded", UserSessions.endAll(session, realm, user));
            EmailChangeNotice.queue(session, realm, user, oldEmail, changes.email(),
                    actorId == null ? null : session.users().getUserById(realm, actorId));
        }
        Audit.record(session, realm, AuditEventType.USER_PROFILE_UPDATED, actorId, user.getId(), details);
    }

    private static void changeEmail(KeycloakSession session, RealmModel realm, UserModel user, String email) {
        UserModel holder = session.users().getUserByEmail(realm, email);
        if (holder != null && !holder.getId().equals(user.getId())) {
            throw OpsKnightException.conflict("email_in_use", "Another user already has the email address " + email + ".");
        }
        // Users made by OpsKnight sign in with their email as username: keep the two together.
        String username = user.getUsername();
        if (username != null && username.equalsIgnoreCase(Objects.toString(user.getEmail(), ""))) {
            UserModel other = session.users().getUserByUsername(realm, email);
            if (other != null && !other.getId().equals(user.getId())) {
                throw OpsKnightException.conflict("email_in_use", "Another user already signs in as " + email + ".");
            }
            user.setUsername(email);
        }
        user.setEmail(email);
    }


    static String validEmail(String value) {
        return PersonInput.email(value).orElseThrow(() ->
                OpsKnightException.invalid("invalid_email", "email must be a valid email address."));
    }

    static String validName(String value) {
        return PersonInput.name(value).orElseThrow(() -> OpsKnightException.invalid("invalid_name",
                "name must be 1 to " + PersonInput.MAX_NAME_LENGTH + " characters, without control characters."));
    }

    static String validPhone(String value) {
        return ProfileService.validPhone(value);
    }

    /** Exactly Java's IANA zone ids (profile.TimeZones), the rule of the User Profile and the consoles too. */
    static String validZone(String value) {
        return ProfileService.validZone(value);
    }
}
