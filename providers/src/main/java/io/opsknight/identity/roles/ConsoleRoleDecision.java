package io.opsknight.identity.roles;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The branchy part of {@link ConsoleRoleListener}, pure and unit-tested (ConsoleRoleDecisionTest):
 * from what a console request really changed, which role did the user hold before and which one
 * should they hold now. The last-admin rule is then {@link RoleService#losesLastActiveAdmin}.
 */
final class ConsoleRoleDecision {

    /** The user's one role before the request and the one they keep. */
    record RoleChange(Role from, Role to) {
    }

    private ConsoleRoleDecision() {
    }

    /**
     * Roles were added. The newest wins (the last OpsKnight role the request added); the role before
     * is the highest one held now that the request did not add (none: USER). Empty when the request
     * added no OpsKnight role.
     */
    static Optional<RoleChange> afterGrants(List<RoleMappingChanges.Change> changes, Set<Role> heldNow) {
        List<Role> granted = changes.stream().filter(RoleMappingChanges.Change::granted)
                .map(RoleMappingChanges.Change::role).toList();
        if (granted.isEmpty()) {
            return Optional.empty();
        }
        Role newest = granted.get(granted.size() - 1);
        Role from = Role.DEFAULT;
        for (Role r : Role.values()) {
            if (!granted.contains(r) && heldNow.contains(r)) {
                from = r;
                break;
            }
        }
        return Optional.of(new RoleChange(from, newest));
    }

    /**
     * Roles were removed; {@code now} is the role the user is left with. The role before is the
     * highest of what the request removed and what is left.
     */
    static RoleChange afterRevokes(List<RoleMappingChanges.Change> changes, Role now) {
        Role from = now;
        for (Role r : Role.values()) {
            if (r == now || changes.contains(new RoleMappingChanges.Change(r, false))) {
                from = r;
                break;
            }
        }
        return new RoleChange(from, now);
    }
}
