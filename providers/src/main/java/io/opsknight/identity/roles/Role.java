package io.opsknight.identity.roles;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The three OpsKnight roles, realm roles of the same name. Their permissions come from {@link Permission}. */
public enum Role {
    ADMIN,
    RESPONDER,
    USER;

    /** The role of a user who holds none of the three. */
    public static final Role DEFAULT = USER;

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
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.name().equals(v)).findFirst();
    }

    public static boolean isRoleName(String roleName) {
        return Arrays.stream(values()).anyMatch(r -> r.name().equals(roleName));
    }
}
