package io.opsknight.identity.access;

import io.opsknight.identity.roles.Role;
import java.util.EnumSet;
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
     * is the one that applied before: the lowest held now that the request did not add (none: USER).
     * Empty when the request added no OpsKnight role.
     */
    static Optional<RoleChange> afterGrants(List<RoleMappingChanges.Change> changes, Set<Role> heldNow) {
        List<Role> granted = changes.stream().filter(RoleMappingChanges.Change::granted)
                .map(RoleMappingChanges.Change::role).toList();
        if (granted.isEmpty()) {
            return Optional.empty();
        }
        Role newest = granted.get(granted.size() - 1);
        Set<Role> before = EnumSet.noneOf(Role.class);
        heldNow.stream().filter(r -> !granted.contains(r)).forEach(before::add);
        return Optional.of(new RoleChange(Role.lowestOf(before), newest));
    }

    /**
     * Roles were removed; {@code heldNow} is what the user is left with. The role before is the lowest
     * of what the request removed and what is left (the one that applied); the role now the lowest left,
     * USER when none is left (the listener then maps USER).
     */
    static RoleChange afterRevokes(List<RoleMappingChanges.Change> changes, Set<Role> heldNow) {
        Set<Role> before = EnumSet.noneOf(Role.class);
        before.addAll(heldNow);
        changes.stream().filter(c -> !c.granted()).map(RoleMappingChanges.Change::role).forEach(before::add);
        return new RoleChange(before.isEmpty() ? Role.DEFAULT : Role.lowestOf(before), Role.lowestOf(heldNow));
    }
}
