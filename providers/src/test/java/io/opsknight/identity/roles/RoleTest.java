package io.opsknight.identity.roles;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void permissionKeysAreSortedAndUnique() {
        assertThat(Role.ADMIN.permissionKeys()).isSorted().doesNotHaveDuplicates();
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
}
