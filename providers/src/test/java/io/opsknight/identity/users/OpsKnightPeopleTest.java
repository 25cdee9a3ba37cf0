package io.opsknight.identity.users;

import io.opsknight.identity.users.OpsKnightPeople.RoleRef;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which users the OpsKnight API may change: table of the roles a user holds and the verdict. */
class OpsKnightPeopleTest {

    /** The default role of a fresh realm "acme" and what it contains. */
    private static final Set<RoleRef> DEFAULTS = Set.of(realm("default-roles-acme"), realm("offline_access"),
            realm("uma_authorization"), client("account", "view-profile"), client("account", "manage-account"),
            client("account", "manage-account-links"));

    private static RoleRef realm(String name) {
        return new RoleRef(null, name);
    }

    private static RoleRef client(String clientId, String name) {
        return new RoleRef(clientId, name);
    }

    /** "ADMIN" a realm role, "client/role" a client role. */
    private static List<RoleRef> parse(String roles) {
        if (roles == null || roles.isBlank()) {
            return List.of();
        }
        return Arrays.stream(roles.split(" ")).map(r -> r.contains("/")
                ? client(r.substring(0, r.indexOf('/')), r.substring(r.indexOf('/') + 1)) : realm(r)).toList();
    }

    @ParameterizedTest(name = "[{0}] -> foreign [{1}]")
    @CsvSource(delimiter = '|', value = {
            // OpsKnight people
            "|",
            "USER|",
            "ADMIN default-roles-acme offline_access uma_authorization account/view-profile account/manage-account|",
            "RESPONDER opsknight/incidents:view opsknight/incidents:acknowledge|",
            "ADMIN USER|",
            // Keycloak console administrators and anything else
            "ADMIN realm-management/realm-admin|realm-management/realm-admin",
            "USER realm-management/view-users|realm-management/view-users",
            "realm-management/manage-users realm-management/query-users|realm-management/manage-users realm-management/query-users",
            "USER auditor|auditor",
            "USER broker/read-token|broker/read-token",
            "USER account/delete-account|account/delete-account",
            "USER other-app/admin|other-app/admin",
            // The default roles of another realm are not this realm's
            "USER default-roles-other|default-roles-other",
    })
    void decides(String held, String foreign) {
        assertThat(OpsKnightPeople.foreignRoles("acme", parse(held), DEFAULTS)).containsExactlyElementsOf(parse(foreign));
    }

    @ParameterizedTest(name = "defaults [{0}]: realm-management never counts as ours")
    @CsvSource({"realm-management/view-users", "realm-management/realm-admin"})
    void realmManagementInTheDefaultRolesStillCounts(String role) {
        RoleRef consolePower = parse(role).get(0);
        Set<RoleRef> defaults = new java.util.HashSet<>(DEFAULTS);
        defaults.add(consolePower);
        assertThat(OpsKnightPeople.foreignRoles("acme", List.of(realm("USER"), consolePower), defaults))
                .containsExactly(consolePower);
    }

    @ParameterizedTest(name = "realm {0}: its own default role is ours")
    @CsvSource({"Acme, default-roles-acme", "ops-knight, default-roles-ops-knight"})
    void theRealmsDefaultRoleByName(String realmName, String defaultRole) {
        assertThat(OpsKnightPeople.foreignRoles(realmName, List.of(realm(defaultRole)), Set.of())).isEmpty();
    }

    @ParameterizedTest(name = "an operator's extra default role {0} is ours")
    @CsvSource({"account/view-groups"})
    void extraDefaultRoles(String role) {
        RoleRef extra = parse(role).get(0);
        assertThat(OpsKnightPeople.foreignRoles("acme", List.of(extra), Set.of(extra))).isEmpty();
    }
}
