package io.opsknight.identity.profile;

import org.keycloak.models.UserModel;

/** The profile and preference attributes of the realm's User Profile, with their defaults and JSON types (docs/profile.md). */
public enum ProfileAttribute {
    PHONE_NUMBER("phone_number", Kind.STRING, null),
    PHONE_NUMBER_VERIFIED("phone_number_verified", Kind.BOOLEAN, "false"),
    ZONEINFO("zoneinfo", Kind.STRING, "UTC"),
    NOTIFY_EMAIL("notify_email", Kind.BOOLEAN, "true"),
    NOTIFY_SMS("notify_sms", Kind.BOOLEAN, "false"),
    NOTIFY_PUSH("notify_push", Kind.BOOLEAN, "false"),
    NOTIFY_WHATSAPP("notify_whatsapp", Kind.BOOLEAN, "false"),
    INCIDENT_DIGEST("incident_digest", Kind.STRING, "HIGH");

    enum Kind { STRING, BOOLEAN }

    private final String attributeName;
    private final Kind kind;
    private final String defaultValue;

    ProfileAttribute(String attributeName, Kind kind, String defaultValue) {
        this.attributeName = attributeName;
        this.kind = kind;
        this.defaultValue = defaultValue;
    }

    public String attributeName() {
        return attributeName;
    }

    public boolean isBoolean() {
        return kind == Kind.BOOLEAN;
    }

    /** The stored value, or the default when unset. */
    public String rawValue(UserModel user) {
        String value = user.getFirstAttribute(attributeName);
        return value == null || value.isEmpty() ? defaultValue : value;
    }

    /** The stored text value, or the default when unset. */
    public String text(UserModel user) {
        return rawValue(user);
    }

    /** A boolean attribute's value, or its default when unset. */
    public boolean bool(UserModel user) {
        return Boolean.parseBoolean(rawValue(user));
    }

    /** The value in its JSON type. */
    public Object read(UserModel user) {
        String value = rawValue(user);
        if (kind == Kind.BOOLEAN) {
            return Boolean.parseBoolean(value);
        }
        return value;
    }

    /** Stores the value (an empty one removes the attribute) and tells whether the stored value changed. */
    public boolean write(UserModel user, String value) {
        String before = user.getFirstAttribute(attributeName);
        if (value.isEmpty()) {
            if (before == null) {
                return false;
            }
            user.removeAttribute(attributeName);
            return true;
        }
        if (value.equals(before)) {
            return false;
        }
        user.setSingleAttribute(attributeName, value);
        return true;
    }
}
