package io.opsknight.identity.roles;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static io.opsknight.identity.roles.Role.ADMIN;
import static io.opsknight.identity.roles.Role.RESPONDER;
import static io.opsknight.identity.roles.Role.USER;

/**
 * The permission matrix of OpsKnight's Users guide: the one place that says which role may do what.
 * Each permission is a client role of client {@code opsknight}; realm-config's composites must agree
 * (checked by RealmConfigMatrixTest).
 */
public enum Permission {
    DASHBOARD_VIEW("dashboard:view", ADMIN, RESPONDER, USER),
    INCIDENTS_VIEW("incidents:view", ADMIN, RESPONDER, USER),
    SERVICES_VIEW("services:view", ADMIN, RESPONDER, USER),
    INCIDENTS_ACKNOWLEDGE("incidents:acknowledge", ADMIN, RESPONDER),
    INCIDENTS_RESOLVE("incidents:resolve", ADMIN, RESPONDER),
    INCIDENTS_REASSIGN("incidents:reassign", ADMIN, RESPONDER),
    INCIDENTS_ADD_NOTE("incidents:add-note", ADMIN, RESPONDER),
    INCIDENTS_CREATE("incidents:create", ADMIN, RESPONDER),
    SCHEDULES_MANAGE("schedules:manage", ADMIN, RESPONDER),
    OVERRIDES_CREATE("overrides:create", ADMIN, RESPONDER),
    SERVICES_CREATE("services:create", ADMIN),
    SERVICES_EDIT("services:edit", ADMIN),
    SERVICES_DELETE("services:delete", ADMIN),
    TEAMS_MANAGE("teams:manage", ADMIN),
    ESCALATION_POLICIES_MANAGE("escalation-policies:manage", ADMIN),
    INTEGRATIONS_MANAGE("integrations:manage", ADMIN),
    USERS_INVITE("users:invite", ADMIN),
    USERS_MANAGE_ROLES("users:manage-roles", ADMIN),
    SETTINGS_MANAGE("settings:manage", ADMIN),
    ANALYTICS_VIEW("analytics:view", ADMIN, RESPONDER, USER),
    DATA_EXPORT("data:export", ADMIN, RESPONDER);

    /** The client that holds the permissions as client roles. */
    public static final String CLIENT_ID = "opsknight";

    private final String key;
    private final Set<Role> roles;

    Permission(String key, Role first, Role... rest) {
        this.key = key;
        this.roles = EnumSet.of(first, rest);
    }

    public String key() {
        return key;
    }

    public boolean grantedTo(Role role) {
        return roles.contains(role);
    }

    public static Optional<Permission> byKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
    }
}
