package io.opsknight.identity.audit;

import io.opsknight.identity.testsupport.Db;
import io.opsknight.identity.testsupport.OpsKnightIT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail's queries at 1 million rows on PostgreSQL: every filter of GET /audit is served by
 * an index (no sequential scan), whatever the table size. The SQL is the store's own (AuditStore.search).
 */
@OpsKnightIT
class AuditPlanIT {

    private static final String REALM = "00000000-plan-0000-0000-000000000001";
    private static final String OTHER_REALM = "00000000-plan-0000-0000-000000000002";
    private static final long DAY = 86_400_000L;
    private static final long NOW = 1_795_858_200_000L;

    @BeforeAll
    static void seedAMillionRows() {
        Assumptions.assumeTrue(Db.readable(), "needs -Dit.db=postgres: the plan is PostgreSQL's");
        // 1,000,000 rows over a year: 90% in the realm under test, 15 types, 10,000 targets, 50 actors.
        Db.update("insert into OK_AUDIT_EVENT (ID, REALM_ID, TYPE, CREATED_AT, ACTOR_ID, USER_ID, TARGET_EMAIL, IP_ADDRESS, DETAILS)"
                + " select md5(i::text)::uuid::text, case when i % 10 = 0 then ? else ? end,"
                + " (array['user.invited','user.invite.resent','user.invite.revoked','user.activated','user.deactivated',"
                + "  'user.reactivated','user.role.changed','user.profile.updated','user.preferences.updated',"
                + "  'user.password.changed','session.revoked','session.revoked_others','api_token.created',"
                + "  'api_token.revoked','setup.completed'])[1 + i % 15],"
                + " ? - (i::bigint * 31536)::bigint, 'actor-' || (i % 50), 'user-' || (i % 10000),"
                + " 'user' || (i % 10000) || '@example.test', '127.0.0.1', '{\"from\":\"USER\",\"to\":\"RESPONDER\"}'"
                + " from generate_series(1, 1000000) i", OTHER_REALM, REALM, NOW);
        Db.update("analyze OK_AUDIT_EVENT");
    }

    @AfterAll
    static void removeThem() {
        if (Db.readable()) {
            Db.update("delete from OK_AUDIT_EVENT where REALM_ID in (?, ?)", REALM, OTHER_REALM);
        }
    }

    @Test
    void everyFilterIsAnIndexScan() {
        String lastWeek = String.valueOf(NOW - 7 * DAY);
        String yesterday = String.valueOf(NOW - DAY);
        Map<String, AuditFilter> filters = Map.of(
                "none", filter(null, null, null, null, null),
                "type", filter("user.role.changed", null, null, null, null),
                "user", filter(null, "user-42", null, null, null),
                "actor", filter(null, null, "actor-7", null, null),
                "time range", filter(null, null, null, lastWeek, yesterday),
                "type and time", filter("user.invited", null, null, lastWeek, null),
                "user and type", filter("session.revoked", "user-42", null, null, null),
                "deep page", AuditFilter.parse("user.deactivated", null, null, null, null, "10000", "100"));
        List<String> scans = new ArrayList<>();
        filters.forEach((name, filter) -> {
            String plan = explain(AuditStore.search(REALM, filter), filter.window());
            if (plan.contains("Seq Scan")) {
                scans.add(name + ":\n" + plan);
            }
            assertThat(plan).as(name).contains("Index");
        });
        assertThat(scans).as("filters planned as sequential scans").isEmpty();
    }

    private static AuditFilter filter(String type, String user, String actor, String from, String to) {
        return AuditFilter.parse(type, user, actor, from, to, null, null);
    }

    /** PostgreSQL's plan of the store's query with its limit, parameters bound in order. */
    private static String explain(AuditStore.Search search, int limit) {
        String sql = search.sql().replaceAll(":[a-zA-Z]+", "?") + " limit " + limit;
        return Db.query("explain " + sql, search.params().values().toArray()).stream()
                .map(row -> String.valueOf(row.values().iterator().next()))
                .collect(Collectors.joining("\n"));
    }
}
