package io.opsknight.identity.users;

import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.testsupport.Db;
import io.opsknight.identity.testsupport.OpsKnightIT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The People list's queries at 96,000 people (and 24,000 in another realm) on PostgreSQL: every combination of status, role, search, the
 * "email not delivered" filter and sort, and the counters, is planned without a sequential scan of Keycloak's
 * USER_ENTITY. The SQL is UserQuery's own; the rows go straight into Keycloak's tables beside the test realms.
 */
@OpsKnightIT
class PeopleQueryPlanIT {

    private static final String REALM = "00000000-plan-ppl0-0000-000000000001";
    private static final String OTHER_REALM = "00000000-plan-ppl0-0000-000000000002";
    private static final Map<Role, String> ROLES = Map.of(Role.ADMIN, "plan-people-admin",
            Role.RESPONDER, "plan-people-responder", Role.USER, "plan-people-user");
    private static final Pattern PARAM = Pattern.compile(":([a-zA-Z]+)");

    @BeforeAll
    static void seed() {
        Assumptions.assumeTrue(Db.readable(), "needs -Dit.db=postgres: the plan is PostgreSQL's");
        // 96,000 people in the realm under test, 24,000 in another; 1% INVITED, 1% DISABLED, a few service accounts.
        Db.update("insert into user_entity (id, email, email_constraint, email_verified, enabled, realm_id, username,"
                + " created_timestamp, not_before, first_name, last_name, service_account_client_link)"
                + " select 'plan-p-' || g, 'p' || g || '@plan.test', 'p' || g || '@plan.test', true, g % 100 not in (0, 1),"
                + " case when g % 5 = 2 then ? else ? end, 'p' || g || '@plan.test', 1700000000000 + g, 0,"
                + " (array['Ada','Bo','Cy','Dee','Eli','Fay','Gus','Hal','Ivy','Jo'])[1 + g % 10] || g,"
                + " (array['Admin','Brown','Chen','Diaz','Evans','Fox','Gray','Hill','Ito','Jones'])[1 + (g / 10) % 10],"
                + " case when g % 10000 = 7 then 'client-' || g end"
                + " from generate_series(1, 120000) g", OTHER_REALM, REALM);
        Db.update("insert into user_attribute (id, name, value, user_id) select 'plan-pa-' || g, 'opsknight_status',"
                + " case when g % 100 = 0 then 'INVITED' when g % 100 = 1 then 'DISABLED' else 'ACTIVE' end, 'plan-p-' || g"
                + " from generate_series(1, 120000) g");
        Db.update("insert into user_role_mapping (role_id, user_id) select case when g % 1000 = 3 then ?"
                + " when g % 3 = 0 then ? else ? end, 'plan-p-' || g from generate_series(1, 120000) g",
                ROLES.get(Role.ADMIN), ROLES.get(Role.RESPONDER), ROLES.get(Role.USER));
        // The invited people's invitations, every other one's email DEAD.
        Db.update("insert into ok_invitation (id, realm_id, user_id, email, name, role, status, created_at, expires_at,"
                + " resend_count, nonce_digest) select 'plan-pi-' || g, case when g % 5 = 2 then ? else ? end, 'plan-p-' || g,"
                + " 'p' || g || '@plan.test', 'P', 'USER', 'PENDING', 1, 2, 0, md5(g::text) from generate_series(100, 120000, 100) g",
                OTHER_REALM, REALM);
        Db.update("insert into ok_outbox (id, channel, ref, realm_id, status, attempts, next_attempt_at, claimed_until,"
                + " created_at, target) select 'plan-po-' || g, 'email', 'plan-pi-' || g, ?,"
                + " case when g % 200 = 0 then 'DEAD' else 'SENT' end, 1, 0, 0, 1, 'p' || g || '@plan.test'"
                + " from generate_series(100, 120000, 100) g", REALM);
        for (String table : List.of("user_entity", "user_attribute", "user_role_mapping", "ok_invitation", "ok_outbox")) {
            // VACUUM too: the visibility map lets the counters read the index alone, as on a settled database.
            Db.update("vacuum analyze " + table);
        }
    }

    @AfterAll
    static void removeThem() {
        if (Db.readable()) {
            Db.update("delete from ok_outbox where id like 'plan-po-%'");
            Db.update("delete from ok_invitation where id like 'plan-pi-%'");
            Db.update("delete from user_role_mapping where user_id like 'plan-p-%'");
            Db.update("delete from user_attribute where id like 'plan-pa-%'");
            Db.update("delete from user_entity where id like 'plan-p-%'");
            // The counts the triggers kept for these two realms, which Keycloak never knew.
            Db.update("delete from ok_people_count where realm_id in (?, ?)", REALM, OTHER_REALM);
        }
    }

    @Test
    void everyShapeOfTheListAndItsCountersReadsAnIndex() {
        Map<String, UserQuery.Filter> filters = new LinkedHashMap<>();
        filters.put("none", new UserQuery.Filter(null, null, null));
        for (UserStatus status : UserStatus.values()) {
            filters.put("status " + status, new UserQuery.Filter(status, null, null));
        }
        for (Role role : Role.values()) {
            filters.put("role " + role, new UserQuery.Filter(null, role, null));
        }
        filters.put("search name", new UserQuery.Filter(null, null, "ada12"));
        filters.put("search full name", new UserQuery.Filter(null, null, "bo1 b"));
        filters.put("search last name", new UserQuery.Filter(null, null, "jon"));
        filters.put("search email", new UserQuery.Filter(null, null, "p4711"));
        filters.put("search, status and role", new UserQuery.Filter(UserStatus.ACTIVE, Role.RESPONDER, "cy3"));
        filters.put("role USER, ACTIVE", new UserQuery.Filter(UserStatus.ACTIVE, Role.USER, null));
        filters.put("email not delivered", new UserQuery.Filter(null, null, null, true));
        filters.put("email not delivered, INVITED", new UserQuery.Filter(UserStatus.INVITED, null, null, true));

        List<String> scans = new ArrayList<>();
        filters.forEach((name, filter) -> {
            // Known full reads, documented in docs/people.md: counting a role's holders without a search, and
            // ordering by last sign-in without a search (each match's newest LOGIN event decides).
            if (filter.role() == null || filter.search() != null) {
                check("counters, " + name, UserQuery.countSql(REALM, ROLES, filter), "", scans);
            }
            for (UserQuery.Sort sort : UserQuery.Sort.values()) {
                if (sort == UserQuery.Sort.LAST_SIGN_IN && filter.search() == null) {
                    continue;
                }
                // The STATUS order reads one status at a time, each newest first (see UserQuery.list).
                UserQuery.Filter shape = sort == UserQuery.Sort.STATUS && filter.status() == null
                        ? new UserQuery.Filter(UserStatus.ACTIVE, filter.role(), filter.search(), filter.undelivered()) : filter;
                UserQuery.Sql page = UserQuery.pageSql(REALM, ROLES, shape, sort);
                check(name + ", sort " + sort, page, " limit 20", scans);
                check(name + ", sort " + sort + ", page 50", page, " limit 20 offset 980", scans);
            }
        });
        assertThat(scans).as("shapes planned with a sequential scan of user_entity").isEmpty();
    }

    private static void check(String name, UserQuery.Sql sql, String window, List<String> scans) {
        String plan = explain(sql, window);
        if (plan.toLowerCase().contains("seq scan on user_entity")) {
            scans.add(name + ":\n" + plan);
        }
        assertThat(plan).as(name).containsIgnoringCase("index");
    }

    /** PostgreSQL's plan of the query, its named parameters bound in the order they occur. */
    private static String explain(UserQuery.Sql sql, String window) {
        List<Object> values = new ArrayList<>();
        Matcher m = PARAM.matcher(sql.text());
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            Object value = sql.params().get(m.group(1));
            assertThat(sql.params()).as("parameter " + m.group(1)).containsKey(m.group(1));
            if (value instanceof Collection<?> many) {
                values.addAll(many);
                m.appendReplacement(text, many.stream().map(v -> "?").collect(Collectors.joining(", ")));
            } else {
                values.add(value);
                m.appendReplacement(text, "?");
            }
        }
        m.appendTail(text);
        return Db.query("explain " + text + window, values.toArray()).stream()
                .map(row -> String.valueOf(row.values().iterator().next()))
                .collect(Collectors.joining("\n"));
    }
}
