package io.opsknight.identity.audit;

import io.opsknight.identity.common.OpsKnightException;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditFilterTest {

    private static AuditFilter parse(String type, String user, String actor, String from, String to) {
        return AuditFilter.parse(type, user, actor, from, to, null, null);
    }

    @Test
    void ourTypeReadsOnlyOurTable() {
        AuditFilter f = parse("user.invited", null, null, null, null);
        assertThat(f.ourType()).isEqualTo(AuditEventType.USER_INVITED);
        assertThat(f.readsOurs()).isTrue();
        assertThat(f.readsKeycloak()).isFalse();
    }

    @Test
    void keycloakTypeReadsOnlyKeycloaksEvents() {
        AuditFilter f = parse("login_error", null, null, null, null);
        assertThat(f.keycloakType()).isEqualTo(EventType.LOGIN_ERROR);
        assertThat(f.readsOurs()).isFalse();
        assertThat(f.readsKeycloak()).isTrue();
    }

    @Test
    void noTypeReadsBoth() {
        AuditFilter f = parse(null, "u1", null, null, null);
        assertThat(f.readsOurs()).isTrue();
        assertThat(f.readsKeycloak()).isTrue();
        assertThat(f.keycloakUser()).isEqualTo("u1");
    }

    @Test
    void aLoginsActorIsItsUser() {
        assertThat(parse(null, null, "a1", null, null).keycloakUser()).isEqualTo("a1");
        assertThat(parse(null, "u1", "a1", null, null).readsKeycloak()).isFalse();
        assertThat(parse(null, "u1", "u1", null, null).readsKeycloak()).isTrue();
    }

    @Test
    void timesInEveryDocumentedForm() {
        assertThat(parse(null, null, null, "2026-11-28T09:30:00Z", null).from()).isEqualTo(1795858200000L);
        assertThat(parse(null, null, null, "2026-11-28T10:30:00+01:00", null).from()).isEqualTo(1795858200000L);
        assertThat(parse(null, null, null, "2026-11-28", null).from()).isEqualTo(1795824000000L);
        assertThat(parse(null, null, null, "1795858200000", null).from()).isEqualTo(1795858200000L);
    }

    @Test
    void badInputIsA400WithTheField() {
        assertCode(() -> parse("user.exploded", null, null, null, null), "invalid_type");
        assertCode(() -> parse(null, null, null, "last tuesday", null), "invalid_from");
        assertCode(() -> parse(null, null, null, null, "2026-13-01"), "invalid_to");
        assertCode(() -> parse(null, null, null, "2026-11-28", "2026-11-28"), "invalid_range");
        assertCode(() -> AuditFilter.parse(null, null, null, null, null, "10001", null), "invalid_first");
        assertCode(() -> AuditFilter.parse(null, null, null, null, null, null, "-1"), "invalid_max");
    }

    @Test
    void thePageIsCapped() {
        AuditFilter f = AuditFilter.parse(null, null, null, null, null, "20", "5000");
        assertThat(f.paging().max()).isEqualTo(AuditFilter.MAX_PAGE);
        assertThat(f.window()).isEqualTo(20 + AuditFilter.MAX_PAGE);
    }

    @Test
    void eachFilterIsAColumnOfItsIndex() {
        AuditFilter f = parse("user.invited", "u1", "a1", "2026-11-28", "2026-11-29");
        AuditStore.Search search = AuditStore.search("r1", f);
        assertThat(search.sql()).isEqualTo("select * from OK_AUDIT_EVENT where REALM_ID = :realmId and TYPE = :type"
                + " and USER_ID = :userId and ACTOR_ID = :actorId and CREATED_AT >= :fromTime and CREATED_AT < :toTime"
                + " order by CREATED_AT desc, ID desc");
        assertThat(search.params()).containsEntry("type", "user.invited").containsEntry("userId", "u1")
                .containsEntry("actorId", "a1").containsEntry("realmId", "r1");
        assertThat(AuditStore.search("r1", parse(null, null, null, null, null)).sql())
                .isEqualTo("select * from OK_AUDIT_EVENT where REALM_ID = :realmId order by CREATED_AT desc, ID desc");
    }

    private static void assertCode(Runnable r, String code) {
        assertThatThrownBy(r::run).isInstanceOf(OpsKnightException.class)
                .satisfies(e -> assertThat(((OpsKnightException) e).code()).isEqualTo(code));
    }
}
