package io.opsknight.identity.users;

import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.profile.ProfileAttribute;
import io.opsknight.identity.profile.ProfileService;
import io.opsknight.identity.profile.ProfileWrite;
import io.opsknight.identity.invitation.InvitationService;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.sessions.SessionService;
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
        Map<String, String> values = new LinkedHashMap<>();
        String oldEmail = user.getEmail();
        boolean emailChanged = changes.email() != null && !changes.email().equalsIgnoreCase(Objects.toString(oldEmail, ""));
        if (emailChanged) {
            values.putAll(emailChange(session, realm, user, changes.email()));
            changed.add("email");
        }
        if (changes.name() != null && (!changes.name().equals(PersonInput.displayName(user)) || user.getLastName() != null)) {
            // The display name lives in firstName (the realm's user profile labels it "Name").
            values.put(UserModel.FIRST_NAME, changes.name());
            changed.add("name");
        }
        if (changes.phoneNumber() != null && !changes.phoneNumber().equals(
                Objects.toString(user.getFirstAttribute(ProfileAttribute.PHONE_NUMBER.attributeName()), ""))) {
            // A new number is not verified yet (and the phone channels wait for the verification).
            values.putAll(ProfileService.phoneChange(changes.phoneNumber()));
            changed.add("phone_number");
        }
        if (changes.zoneinfo() != null && !changes.zoneinfo().equals(
                Objects.toString(user.getFirstAttribute(ProfileAttribute.ZONEINFO.attributeName()), ""))) {
            values.put(ProfileAttribute.ZONEINFO.attributeName(), changes.zoneinfo());
            changed.add("zoneinfo");
        }
        if (changed.isEmpty()) {
            return;
        }
        boolean usernameFollows = emailChanged && usernameFollows(user);
        ProfileWrite.write(session, realm, user, ProfileWrite.Writer.ADMIN, values);
        if (usernameFollows) {
            // Our rule, not a person's attribute: the realm keeps usernames read-only (editUsernameAllowed
            // off), which its User Profile applies to admins too, so the username follows the email here.
            user.setUsername(changes.email());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("fields", changed);
        if (emailChanged) {
            // Whoever used the old address may no longer own the new one: the new address is unverified,
            // every session ends (a session must not outlive the identity it was opened for), and the
            // old address hears of it.
            user.setEmailVerified(false);
            details.put("sessionsEnded", new SessionService(session, realm).endAll(user));
            if (UserStatus.of(user) != UserStatus.INVITED) {
                // An invited person has no account to protect yet, and the old address may be a typo that
                // belongs to a stranger, who must not learn the new one.
                EmailChangeNotice.queue(session, realm, user, oldEmail, changes.email(),
                        actorId == null ? null : session.users().getUserById(realm, actorId));
            }
        }
        Audit.record(session, realm, AuditEventType.USER_PROFILE_UPDATED, actorId, user.getId(), details);
        if (emailChanged) {
            // An invited person's pending link went to the old address: it dies, and a new one goes out.
            new InvitationService(session, realm).emailChanged(actorId, user);
        }
    }

    /** The email (and the username that follows it), after checking that no one else holds the address. */
    private static Map<String, String> emailChange(KeycloakSession session, RealmModel realm, UserModel user, String email) {
        UserModel holder = session.users().getUserByEmail(realm, email);
        if (holder != null && !holder.getId().equals(user.getId())) {
            throw OpsKnightException.conflict("email_in_use", "Another user already has the email address " + email + ".");
        }
        // Users made by OpsKnight sign in with their email as username: checked here, moved after the write.
        if (usernameFollows(user)) {
            UserModel other = session.users().getUserByUsername(realm, email);
            if (other != null && !other.getId().equals(user.getId())) {
                throw OpsKnightException.conflict("email_in_use", "Another user already signs in as " + email + ".");
            }
        }
        return Map.of(UserModel.EMAIL, email);
    }

    private static boolean usernameFollows(UserModel user) {
        String username = user.getUsername();
        return username != null && username.equalsIgnoreCase(Objects.toString(user.getEmail(), ""));
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
