package io.opsknight.identity.scim;

import io.opsknight.identity.roles.Role;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ScimRolesTest {

    private final ScimRoles roles = new ScimRoles(Set.of("opsknight-admins", "sre-leads"), Set.of("opsknight-responders"));

    @Test
    void theHighestRoleGroupWinsAndNoRoleGroupIsUser() {
        assertThat(roles.roleFor(List.of())).isEqualTo(Role.USER);
        assertThat(roles.roleFor(List.of("engineering", "berlin"))).isEqualTo(Role.USER);
        assertThat(roles.roleFor(List.of("opsknight-responders"))).isEqualTo(Role.RESPONDER);
        assertThat(roles.roleFor(List.of("opsknight-responders", "sre-leads"))).isEqualTo(Role.ADMIN);
        assertThat(roles.roleFor(List.of("opsknight-admins", "opsknight-responders"))).isEqualTo(Role.ADMIN);
    }

    @Test
    void onlyRoleGroupsCountAsARoleChange() {
        assertThat(roles.roleGroupsOf(List.of("engineering", "opsknight-responders"))).containsExactly("opsknight-responders");
        assertThat(roles.isRoleGroup("Opsknight-Admins")).as("names match exactly, as SCIM sends them").isFalse();
    }

    @Test
    void groupOptionsAreCommaSeparatedNames() {
        assertThat(ScimProvisioningFactory.names(" a, b ,,c ")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(ScimProvisioningFactory.names("")).isEmpty();
        assertThat(ScimProvisioningFactory.names(null)).isEmpty();
    }
}
