package io.opsknight.identity.lifecycle;

import io.opsknight.identity.common.Names;
import org.keycloak.models.UserModel;

import java.util.Optional;

/** The OpsKnight account status, kept in the user attribute {@code opsknight_status}. */
public enum UserStatus {
    INVITED,
    ACTIVE,
    DISABLED;

    public static final String ATTRIBUTE = "opsknight_status";

    /**
     * The status of a user. A user without the attribute (made in the console or imported) is ACTIVE
     * when enabled and DISABLED when not; Keycloak's enabled flag always wins over a stale attribute.
     */
    public static UserStatus of(UserModel user) {
        if (!user.isEnabled()) {
            String raw = user.getFirstAttribute(ATTRIBUTE);
            return INVITED.name().equals(raw) ? INVITED : DISABLED;
        }
        return parse(user.getFirstAttribute(ATTRIBUTE)).filter(s -> s != DISABLED).orElse(ACTIVE);
    }

    /**
     * Writes the status and the matching Keycloak enabled flag: only ACTIVE users are enabled, so
     * Keycloak itself refuses every token to INVITED and DISABLED users.
     */
    public void applyTo(UserModel user) {
        user.setSingleAttribute(ATTRIBUTE, name());
        user.setEnabled(this == ACTIVE);
    }

    public static Optional<UserStatus> parse(String value) {
        return Names.parse(UserStatus.class, value);
    }
}
