package io.opsknight.identity.audit;

/** The event names of interface.md: the audit trail's {@code type} and the webhooks' event. */
public enum AuditEventType {
    USER_INVITED("user.invited"),
    USER_INVITE_RESENT("user.invite.resent"),
    USER_INVITE_REVOKED("user.invite.revoked"),
    USER_ACTIVATED("user.activated"),
    USER_DEACTIVATED("user.deactivated"),
    USER_REACTIVATED("user.reactivated"),
    USER_ROLE_CHANGED("user.role.changed"),
    USER_PROFILE_UPDATED("user.profile.updated"),
    USER_PREFERENCES_UPDATED("user.preferences.updated"),
    USER_PASSWORD_CHANGED("user.password.changed"),
    SESSION_REVOKED("session.revoked"),
    SESSION_REVOKED_OTHERS("session.revoked_others"),
    API_TOKEN_CREATED("api_token.created"),
    API_TOKEN_REVOKED("api_token.revoked"),
    SETUP_COMPLETED("setup.completed");

    private final String key;

    AuditEventType(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
