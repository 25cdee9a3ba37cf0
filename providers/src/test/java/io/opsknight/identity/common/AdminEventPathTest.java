package io.opsknight.identity.common;

import org.junit.jupiter.api.Test;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;

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

    @Test
    void tellsTheKindOfResourceIncludingCustomOnes() {
        AdminEvent user = new AdminEvent();
        user.setResourceType(ResourceType.USER);
        AdminEvent ours = new AdminEvent();
        ours.setResourceTypeAsString("OPSKNIGHT_INVITATION");
        AdminEvent none = new AdminEvent();

        assertThat(AdminEventPath.about(user, ResourceType.USER)).isTrue();
        assertThat(AdminEventPath.about(user, ResourceType.REALM_ROLE_MAPPING)).isFalse();
        // Keycloak reads every custom type as CUSTOM; ours is not USER.
        assertThat(AdminEventPath.about(ours, ResourceType.USER)).isFalse();
        assertThat(AdminEventPath.about(none, ResourceType.USER)).isFalse();
    }
}
