package io.opsknight.identity.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminEventPathTest {

    @Test
    void readsTheUserOfAUserPath() {
        assertThat(AdminEventPath.userId("users/4f1c", "")).contains("4f1c");
        assertThat(AdminEventPath.userId("users/4f1c/role-mappings/realm", "/role-mappings/realm")).contains("4f1c");
    }

    @Test
    void ignoresEveryOtherPath() {
        assertThat(AdminEventPath.userId(null, "")).isEmpty();
        assertThat(AdminEventPath.userId("users/", "")).isEmpty();
        assertThat(AdminEventPath.userId("users/4f1c/role-mappings/realm", "")).isEmpty();
        assertThat(AdminEventPath.userId("users/4f1c", "/role-mappings/realm")).isEmpty();
        assertThat(AdminEventPath.userId("users/4f1c/role-mappings/clients/abc", "/role-mappings/realm")).isEmpty();
        assertThat(AdminEventPath.userId("groups/9/role-mappings/realm", "/role-mappings/realm")).isEmpty();
        assertThat(AdminEventPath.userId("users/a/b/role-mappings/realm", "/role-mappings/realm")).isEmpty();
        assertThat(AdminEventPath.userId("users//role-mappings/realm", "/role-mappings/realm")).isEmpty();
    }
}
