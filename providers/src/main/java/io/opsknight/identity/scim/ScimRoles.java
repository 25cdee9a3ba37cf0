package io.opsknight.identity.scim;

import io.opsknight.identity.roles.Role;

import java.util.Collection;
import java.util.Set;

/**
 * Which OpsKnight role the identity provider's groups give a person: the highest role any of their
 * role groups names (ADMIN over RESPONDER), USER when they are in none. Pure, unit-tested (ScimRolesTest).
 *
 * @param adminGroups     group names that make a person ADMIN
 * @param responderGroups group names that make a person RESPONDER
 */
record ScimRoles(Set<String> adminGroups, Set<String> responderGroups) {

    /** True when {@code group} is one of the role groups. */
    boolean isRoleGroup(String group) {
        return adminGroups.contains(group) || responderGroups.contains(group);
    }

    /** The role for a person in the groups named {@code groups}. */
    Role roleFor(Collection<String> groups) {
        if (groups.stream().anyMatch(adminGroups::contains)) {
            return Role.ADMIN;
        }
        if (groups.stream().anyMatch(responderGroups::contains)) {
            return Role.RESPONDER;
        }
        return Role.DEFAULT;
    }

    /** Only the role groups of {@code groups}, to see whether a change touched them. */
    Set<String> roleGroupsOf(Collection<String> groups) {
        return Set.copyOf(groups.stream().filter(this::isRoleGroup).toList());
    }
}
