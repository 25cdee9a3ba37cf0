package io.opsknight.identity.access;

import io.opsknight.identity.roles.Role;
import io.opsknight.identity.access.ConsoleRoleDecision.RoleChange;
import io.opsknight.identity.access.RoleMappingChanges.Change;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.opsknight.identity.roles.Role.ADMIN;
import static io.opsknight.identity.roles.Role.RESPONDER;
import static io.opsknight.identity.roles.Role.USER;
import static org.assertj.core.api.Assertions.assertThat;

/** The console listener's decisions, case by case (the IT proves the wiring once). */
class ConsoleRoleDecisionTest {

    private static Change granted(Role r) {
        return new Change(r, true);
    }

    private static Change revoked(Role r) {
        return new Change(r, false);
    }

    @Test
    void anAddedRoleReplacesTheOneHeldBefore() {
        // ADMIN held, console adds RESPONDER: ADMIN -> RESPONDER (a demotion the last-admin rule checks).
        assertThat(ConsoleRoleDecision.afterGrants(List.of(granted(RESPONDER)), Set.of(ADMIN, RESPONDER)))
                .contains(new RoleChange(ADMIN, RESPONDER));
        // USER held, console adds ADMIN: a promotion.
        assertThat(ConsoleRoleDecision.afterGrants(List.of(granted(ADMIN)), Set.of(USER, ADMIN)))
                .contains(new RoleChange(USER, ADMIN));
    }

    @Test
    void noRoleBeforeCountsAsUser() {
        assertThat(ConsoleRoleDecision.afterGrants(List.of(granted(RESPONDER)), Set.of(RESPONDER)))
                .contains(new RoleChange(USER, RESPONDER));
    }

    @Test
    void ofSeveralAddedRolesTheLastOneWins() {
        assertThat(ConsoleRoleDecision.afterGrants(List.of(granted(ADMIN), granted(USER)), Set.of(ADMIN, USER, RESPONDER)))
                .contains(new RoleChange(RESPONDER, USER));
    }

    @Test
    void aRequestThatAddedNoOpsKnightRoleIsNoChange() {
        assertThat(ConsoleRoleDecision.afterGrants(List.of(), Set.of(ADMIN))).isEmpty();
        assertThat(ConsoleRoleDecision.afterGrants(List.of(revoked(USER)), Set.of(ADMIN))).isEmpty();
    }

    @Test
    void aStraySecondRoleCountsAsTheLowerBeforeTheGrant() {
        // ADMIN and a stray USER held (USER applied), console adds RESPONDER: USER -> RESPONDER.
        assertThat(ConsoleRoleDecision.afterGrants(List.of(granted(RESPONDER)), Set.of(ADMIN, USER, RESPONDER)))
                .contains(new RoleChange(USER, RESPONDER));
    }

    @Test
    void aRemovedRoleLeavesWhatIsLeftOrUser() {
        // ADMIN removed, nothing left: ADMIN -> USER (the last-admin rule may undo it).
        assertThat(ConsoleRoleDecision.afterRevokes(List.of(revoked(ADMIN)), Set.of())).isEqualTo(new RoleChange(ADMIN, USER));
        // A stray lower RESPONDER removed while ADMIN is still held: RESPONDER applied, now ADMIN does.
        assertThat(ConsoleRoleDecision.afterRevokes(List.of(revoked(RESPONDER)), Set.of(ADMIN))).isEqualTo(new RoleChange(RESPONDER, ADMIN));
        // ADMIN removed, a stray RESPONDER left: RESPONDER applied before and after.
        assertThat(ConsoleRoleDecision.afterRevokes(List.of(revoked(ADMIN)), Set.of(RESPONDER))).isEqualTo(new RoleChange(RESPONDER, RESPONDER));
        // USER removed from a USER: still USER.
        assertThat(ConsoleRoleDecision.afterRevokes(List.of(revoked(USER)), Set.of())).isEqualTo(new RoleChange(USER, USER));
    }
}
