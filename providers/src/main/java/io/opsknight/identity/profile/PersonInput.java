package io.opsknight.identity.profile;

import org.keycloak.models.UserModel;
import org.keycloak.utils.EmailValidationUtil;

import java.util.Locale;
import java.util.Optional;

/**
 * The rules for a person's email and display name, the same wherever one is entered: invitations,
 * their accept page, the /setup page and an admin's profile edit.
 */
public final class PersonInput {

    public static final int MAX_NAME_LENGTH = 255;
    /** RFC 5321's path limit; also fits the column. */
    public static final int MAX_EMAIL_LENGTH = 254;

    private PersonInput() {
    }

    /** The address as stored and compared: trimmed, lower case; empty when not a valid address. */
    public static Optional<String> email(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String email = raw.trim().toLowerCase(Locale.ROOT);
        if (email.isEmpty() || email.length() > MAX_EMAIL_LENGTH || !EmailValidationUtil.isValidEmail(email)) {
            return Optional.empty();
        }
        return Optional.of(email);
    }

    /** The display name trimmed, 1..255 characters, no control characters; empty when not valid. */
    public static Optional<String> name(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String name = raw.strip();
        // Counted in UTF-16 units like the VARCHAR(255) columns (ours and Keycloak's first name) on H2.
        int length = name.length();
        if (length < 1 || length > MAX_NAME_LENGTH || name.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** "First Last" from Keycloak's first/last name, falling back to the username. */
    public static String displayName(UserModel user) {
        String first = user.getFirstName() == null ? "" : user.getFirstName().trim();
        String last = user.getLastName() == null ? "" : user.getLastName().trim();
        String name = (first + " " + last).trim();
        return name.isEmpty() ? null : name;
    }
}
