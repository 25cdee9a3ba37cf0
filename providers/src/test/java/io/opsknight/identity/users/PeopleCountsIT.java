package io.opsknight.identity.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Db;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The People list's counters stay exact whichever way people change: our API, Keycloak's admin API (what the
 * console and SCIM write), rows written straight into the tables (an import), many people at once, and the
 * realm's removal. On PostgreSQL the unfiltered counters are the sums the triggers keep (users/PeopleCounts);
 * each step compares them with a count of the tables themselves and with the list's own length per status.
 */
@OpsKnightIT
class PeopleCountsIT {

    @Test
    void theCountersFollowEveryPathThatChangesPeople() throws Exception {
        String realmId;
        try (TestRealm realm = TestRealm.create()) {
            realmId = realm.resource().toRepresentation().getId();
            realm.createUser("pc-admin@example.test", "Ada Admin", "ADMIN");
            Api admin = realm.apiAs("pc-admin@example.test");
            assertCounts(admin, realmId, 1, 1, 0, 0);

            // Keycloak's admin API: new people, one disabled; a service account is nobody on the list.
            String bo = realm.createUser("pc-bo@example.test", "Bo Brown", "RESPONDER");
            realm.createUser("pc-cy@example.test", "Cy Chen", "USER");
            UserRepresentation off = realm.resource().users().get(bo).toRepresentation();
            off.setEnabled(false);
            realm.resource().users().get(bo).update(off);
            ClientRepresentation service = new ClientRepresentation();
            service.setClientId("pc-service");
            service.setPublicClient(false);
            service.setServiceAccountsEnabled(true);
            service.setSecret("pc-service-secret-0123456789");
            String serviceId = TestRealm.idOf(realm.resource().clients().create(service));
            assertCounts(admin, realmId, 3, 2, 0, 1);

            // Our API: two invitations; one person removed in the console, the other invitation revoked.
            String dee = admin.post("/invitations", Map.of("email", "pc-dee@example.test", "name", "Dee Diaz", "role", "USER"))
                    .json().path("userId").asText();
            String eli = admin.post("/invitations", Map.of("email", "pc-eli@example.test", "name", "Eli Evans", "role", "USER"))
                    .json().path("id").asText();
            assertCounts(admin, realmId, 5, 2, 2, 1);
            realm.resource().users().get(dee).remove();
            assertThat(admin.delete("/invitations/" + eli).status()).isEqualTo(200);
            assertCounts(admin, realmId, 3, 2, 0, 1);
            // Reactivation through our API moves a person from DISABLED to ACTIVE.
            assertThat(admin.post("/users/" + bo + "/reactivate", null).status()).isEqualTo(200);
            assertCounts(admin, realmId, 3, 3, 0, 0);

            // Many people at once, from parallel requests: more changes than a reader leaves unfolded.
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<String>> made = new ArrayList<>();
                for (int i = 0; i < PeopleCounts.FOLD_AT + 6; i++) {
                    String email = "pc-many-" + i + "@example.test";
                    made.add(pool.submit(() -> {
                        // No password: a hash per person would be most of this test's time.
                        UserRepresentation person = new UserRepresentation();
                        person.setUsername(email);
                        person.setEmail(email);
                        person.setFirstName("Many");
                        person.setEnabled(true);
                        return TestRealm.idOf(realm.resource().users().create(person));
                    }));
                }
                for (Future<String> f : made) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            long many = PeopleCounts.FOLD_AT + 6;
            if (Db.readable()) {
                assertThat(deltaRows(realmId)).as("delta rows before a reader folds them").isGreaterThan(PeopleCounts.FOLD_AT);
            }
            assertCounts(admin, realmId, 3 + many, 3 + many, 0, 0);
            if (Db.readable()) {
                assertThat(deltaRows(realmId)).as("folded into one row per (enabled, kind)").isLessThanOrEqualTo(4);
                // An import straight into the tables: 50 people, 5 of them INVITED (disabled), then gone again.
                Db.update("insert into user_entity (id, email, email_constraint, email_verified, enabled, realm_id, username,"
                        + " created_timestamp, not_before, first_name) select 'pc-sql-' || g, 'pc-sql-' || g || '@example.test',"
                        + " 'pc-sql-' || g || '@example.test', true, g % 10 <> 0, ?, 'pc-sql-' || g || '@example.test',"
                        + " 1700000000000 + g, 0, 'Imported' from generate_series(1, 50) g", realmId);
                Db.update("insert into user_attribute (id, name, value, user_id) select 'pc-sqla-' || g, 'opsknight_status',"
                        + " case when g % 10 = 0 then 'INVITED' else 'ACTIVE' end, 'pc-sql-' || g from generate_series(1, 50) g");
                assertCounts(admin, realmId, 53 + many, 48 + many, 5, 0);
                // Keycloak's own change of an INVITED person's enabled flag moves the person's INVITED mark with it.
                Db.update("update user_entity set enabled = true where id = 'pc-sql-10'");
                assertCounts(admin, realmId, 53 + many, 48 + many, 5, 0);
                Db.update("delete from user_attribute where id like 'pc-sqla-%'");
                Db.update("delete from user_entity where id like 'pc-sql-%'");
                assertCounts(admin, realmId, 3 + many, 3 + many, 0, 0);
            }
            realm.resource().clients().get(serviceId).remove();
            assertCounts(admin, realmId, 3 + many, 3 + many, 0, 0);
        }
        if (Db.readable()) {
            assertThat(deltaRows(realmId)).as("a removed realm's counts go with it").isZero();
        }
    }

    /** The counters, the list's length per status and (PostgreSQL) a count of the tables all agree. */
    private static void assertCounts(Api admin, String realmId, long total, long active, long invited, long disabled) {
        JsonNode counts = admin.get("/users/counts").json();
        assertThat(List.of(counts.path("total").asLong(), counts.path("active").asLong(), counts.path("invited").asLong(),
                counts.path("disabled").asLong())).as(counts.toString()).containsExactly(total, active, invited, disabled);
        for (String status : List.of("ACTIVE", "INVITED", "DISABLED")) {
            long listed = 0;
            for (int first = 0; ; first += 100) {
                int page = admin.get("/users?status=" + status + "&first=" + first + "&max=100").json().size();
                listed += page;
                if (page < 100) {
                    break;
                }
            }
            assertThat(listed).as("listed " + status).isEqualTo(counts.path(status.toLowerCase()).asLong());
        }
        if (Db.readable()) {
            Map<String, Object> truth = Db.query("select count(*) filter (where inv) as invited,"
                    + " count(*) filter (where not inv and enabled) as active, count(*) filter (where not inv and not enabled)"
                    + " as disabled from (select u.enabled, exists (select 1 from user_attribute a where a.user_id = u.id"
                    + " and a.name = 'opsknight_status' and a.value = 'INVITED') as inv from user_entity u"
                    + " where u.realm_id = ? and u.service_account_client_link is null) x", realmId).get(0);
            assertThat(List.of(((Number) truth.get("active")).longValue(), ((Number) truth.get("invited")).longValue(),
                    ((Number) truth.get("disabled")).longValue())).as("the tables").containsExactly(active, invited, disabled);
        }
    }

    private static long deltaRows(String realmId) {
        return ((Number) Db.query("select count(*) as n from ok_people_count where realm_id = ?", realmId).get(0).get("n")).longValue();
    }
}
