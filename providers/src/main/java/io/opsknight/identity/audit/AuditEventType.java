package io.opsknight.identity.audit;

import org.keycloak.events.admin.OperationType;

import java.util.Arrays;
import java.util.Optional;

/**
 * The event names (docs/audit.md): the audit trail's {@code type} and the webhooks' event. Each also
 * says how it shows as a Keycloak admin event (custom resource type and operation), so the console's
 * Events tab and any Keycloak event listener see OpsKnight changes.
 */
public enum AuditEventType {
    USER_INVITED("user.invited", "OPSKNIGHT_INVITATION", OperationType.CREATE),
    USER_INVITE_RESENT("user.invite.resent", "OPSKNIGHT_INVITATION", OperationType.ACTION),
    USER_INVITE_REVOKED("user.invite.revoked", "OPSKNIGHT_INVITATION", OperationType.DELETE),
    /** The invitation email is DEAD: the last attempt failed (the outbox's sender, no actor). */
    USER_INVITE_EMAIL_FAILED("user.invite.email_failed", "OPSKNIGHT_INVITATION", OperationType.ACTION),
    /** An admin asked the People page for an invitation's link to pass on by hand (a fresh link, no email). */
    USER_INVITE_LINK_SHOWN("user.invite.link_shown", "OPSKNIGHT_INVITATION", OperationType.ACTION),
    USER_ACTIVATED("user.activated", "OPSKNIGHT_USER", OperationType.UPDATE),
    USER_DEACTIVATED("user.deactivated", "OPSKNIGHT_USER", OperationType.UPDATE),
    USER_REACTIVATED("user.reactivated", "OPSKNIGHT_USER", OperationType.UPDATE),
    USER_ROLE_CHANGED("user.role.changed", "OPSKNIGHT_USER", OperationType.UPDATE),
    USER_PROFILE_UPDATED("user.profile.updated", "OPSKNIGHT_USER", OperationType.UPDATE),
    USER_PREFERENCES_UPDATED("user.preferences.updated", "OPSKNIGHT_USER", OperationType.UPDATE),
    USER_PASSWORD_CHANGED("user.password.changed", "OPSKNIGHT_USER", OperationType.UPDATE),
    /** An admin sent the "update your password" email (POST /users/{id}/password-reset). */
    USER_PASSWORD_RESET("user.password.reset", "OPSKNIGHT_USER", OperationType.ACTION),
    SESSION_REVOKED("session.revoked", "OPSKNIGHT_SESSION", OperationType.DELETE),
    SESSION_REVOKED_OTHERS("session.revoked_others", "OPSKNIGHT_SESSION", OperationType.DELETE),
    API_TOKEN_CREATED("api_token.created", "OPSKNIGHT_API_TOKEN", OperationType.CREATE),
    API_TOKEN_REVOKED("api_token.revoked", "OPSKNIGHT_API_TOKEN", OperationType.DELETE),
    SETUP_COMPLETED("setup.completed", "OPSKNIGHT_SETUP", OperationType.CREATE);

    private final String key;
    private final String resourceType;
    private final OperationType operation;

    AuditEventType(String key, String resourceType, OperationType operation) {
        this.key = key;
        this.resourceType = resourceType;
        this.operation = operation;
    }

    public String key() {
        return key;
    }

    /** The custom resource type of the Keycloak admin event. */
    public String resourceType() {
        return resourceType;
    }

    public OperationType operation() {
        return operation;
    }

    public static Optional<AuditEventType> of(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
    }
}
