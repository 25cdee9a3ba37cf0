package io.opsknight.identity.roles;

import io.opsknight.identity.common.Names;
import io.opsknight.identity.common.OpsKnightException;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The three OpsKnight roles, realm roles of the same name. Their permissions come from {@link Permission}. */
public enum Role {
    ADMIN,
    RESPONDER,
    USER;

    /** The role of a user who holds none of the three. */
    public static final Role DEFAULT = USER;

    /** "ADMIN, RESPONDER, USER": the one list of valid role names in error messages. */
    public static final String NAMES = Arrays.stream(values()).map(Role::name).collect(Collectors.joining(", "));

    public Set<Permission> permissions() {
        EnumSet<Permission> result = EnumSet.noneOf(Permission.class);
        for (Permission p : Permission.values()) {
            if (p.grantedTo(this)) {
                result.add(p);
            }
        }
        return result;
    }

    /** Permission keys, sorted, as carried in the {@code opsknight_permissions} claim. */
    public List<String> permissionKeys() {
        return permissions().stream().map(Permission::key).sorted().toList();
    }

    public boolean has(Permission permission) {
        return permission.grantedTo(this);
    }

    /** Parses a role name as sent by a client (case-insensitive, trimmed). */
    public static Optional<Role> parse(String value) {
        return Names.parse(Role.class, value);
    }

    /** As {@link #parse}, refusing anything else as bad input: {@code <field> must be one of ADMIN, RESPONDER, USER}. */
    public static Role require(String value, String code, String field) {
        return parse(value).orElseThrow(() -> OpsKnightException.invalid(code,
                "'" + field + "' must be one of " + NAMES + ", not '" + value + "'."));
    }

    /**
     * The role that applies when a user holds several (which the API and the console listener prevent, but an
     * import can leave): the LOWEST, so that a stray extra role never grants more. None: {@link #DEFAULT}.
     */
    public static Role lowestOf(java.util.Collection<Role> held) {
        Role lowest = null;
        for (Role r : values()) {
            if (held.contains(r)) {
                lowest = r;
            }
        }
        return lowest == null ? DEFAULT : lowest;
    }

    public static boolean isRoleName(String roleName) {
        return Arrays.stream(values()).anyMatch(r -> r.name().equals(roleName));
    }
}
