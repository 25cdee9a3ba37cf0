package io.opsknight.identity.roles;

import io.opsknight.identity.access.RoleService;
import io.opsknight.identity.common.OpsKnightException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleTest {

    @Test
    void matrixMatchesTheUsersGuide() {
        assertThat(Permission.values()).hasSize(21);
        assertThat(Role.ADMIN.permissions()).hasSize(21);
        assertThat(Role.RESPONDER.permissionKeys()).containsExactly(
                "analytics:view", "dashboard:view", "data:export", "incidents:acknowledge", "incidents:add-note",
                "incidents:create", "incidents:reassign", "incidents:resolve", "incidents:view",
                "overrides:create", "schedules:manage", "services:view");
        assertThat(Role.USER.permissionKeys()).containsExactly(
                "analytics:view", "dashboard:view", "incidents:view", "services:view");
    }

    /** ADMIN holds every permission: the whole list of the Users guide, spelled as the claim carries it. */
    @Test
    void adminHoldsEveryPermissionOfTheGuide() {
        assertThat(Role.ADMIN.permissionKeys()).containsExactly(
                "analytics:view", "dashboard:view", "data:export", "escalation-policies:manage", "incidents:acknowledge",
                "incidents:add-note", "incidents:create", "incidents:reassign", "incidents:resolve", "incidents:view",
                "integrations:manage", "overrides:create", "schedules:manage", "services:create", "services:delete",
                "services:edit", "services:view", "settings:manage", "teams:manage", "users:invite", "users:manage-roles");
    }

    /** Two permissions with one key would make a client role stand for two rows of the matrix. */
    @Test
    void everyPermissionHasItsOwnKey() {
        assertThat(Arrays.stream(Permission.values()).map(Permission::key)).doesNotHaveDuplicates();
        for (Permission p : Permission.values()) {
            assertThat(Permission.byKey(p.key())).contains(p);
        }
    }

    @Test
    void roleInputIsRefusedNamingTheValidRoles() {
        assertThat(Role.NAMES).isEqualTo("ADMIN, RESPONDER, USER");
        assertThat(Role.require("user", "invalid_role", "role")).isEqualTo(Role.USER);
        assertThatThrownBy(() -> Role.require("OWNER", "invalid_role", "role"))
                .isInstanceOfSatisfying(OpsKnightException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_role");
                    assertThat(e.reason()).isEqualTo(OpsKnightException.Reason.INVALID);
                    assertThat(e.getMessage()).contains("ADMIN, RESPONDER, USER").contains("OWNER");
                });
    }

    @Test
    void parsesRoleNames() {
        assertThat(Role.parse(" responder ")).contains(Role.RESPONDER);
        assertThat(Role.parse("OWNER")).isEmpty();
        assertThat(Role.parse(null)).isEmpty();
    }

    @Test
    void aDemotionIsLosingAnyPermission() {
        assertThat(RoleService.isDemotion(Role.ADMIN, Role.RESPONDER)).isTrue();
        assertThat(RoleService.isDemotion(Role.RESPONDER, Role.USER)).isTrue();
        assertThat(RoleService.isDemotion(Role.ADMIN, Role.USER)).isTrue();
        assertThat(RoleService.isDemotion(Role.USER, Role.ADMIN)).isFalse();
        assertThat(RoleService.isDemotion(Role.USER, Role.RESPONDER)).isFalse();
        assertThat(RoleService.isDemotion(Role.RESPONDER, Role.RESPONDER)).isFalse();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({"'', USER", "ADMIN, ADMIN", "RESPONDER, RESPONDER", "ADMIN RESPONDER, RESPONDER",
            "ADMIN USER, USER", "RESPONDER USER, USER", "ADMIN RESPONDER USER, USER"})
    void ofSeveralRolesTheLowestApplies(String held, Role applies) {
        java.util.Set<Role> roles = java.util.EnumSet.noneOf(Role.class);
        for (String r : held.split(" ")) {
            if (!r.isBlank()) {
                roles.add(Role.valueOf(r));
            }
        }
        assertThat(Role.lowestOf(roles)).isEqualTo(applies);
    }
}
