package io.opsknight.identity.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /users/bulk}: each person by the rules of one at a time, one audit event per person done,
 * refusals as rows that leave the other rows done, and bad requests refused whole.
 */
@OpsKnightIT
class BulkActionsIT {

    private static Map<String, Object> body(String action, List<String> ids, String role) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", action);
        body.put("ids", ids);
        if (role != null) {
            body.put("role", role);
        }
        return body;
    }

    private static Map<String, JsonNode> rowsById(JsonNode result) {
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        result.path("rows").forEach(r -> rows.put(r.path("id").asText(), r));
        return rows;
    }

    private static void consoleManaged(TestRealm realm, String userId) {
        ClientRepresentation rm = realm.resource().clients().findByClientId("realm-management").get(0);
        RoleRepresentation viewUsers = realm.resource().clients().get(rm.getId()).roles().get("view-users").toRepresentation();
        realm.resource().users().get(userId).roles().clientLevel(rm.getId()).add(List.of(viewUsers));
    }

    private static boolean enabled(TestRealm realm, String id) {
        return realm.resource().users().get(id).toRepresentation().isEnabled();
    }

    @Test
    void eachPersonByTheSingleRulesWithTheirOwnAuditEventAndRefusalsAsRows() {
        try (TestRealm realm = TestRealm.create()) {
            String me = realm.createUser("ba-admin@example.test", "Ada Admin", "ADMIN");
            String r1 = realm.createUser("ba-r1@example.test", "Rob One", "RESPONDER");
            String r2 = realm.createUser("ba-r2@example.test", "Rae Two", "RESPONDER");
            String u3 = realm.createUser("ba-u3@example.test", "Uma Three", "USER");
            String console = realm.createUser("ba-console@example.test", "Cora Console", "USER");
            consoleManaged(realm, console);
            Api admin = realm.apiAs("ba-admin@example.test");
            String off = realm.createUser("ba-off@example.test", "Olaf Off", "USER");
            assertThat(admin.post("/users/" + off + "/deactivate", null).status()).isEqualTo(200);

            // Deactivate: two done; oneself, a console-managed person, a wrong status and an unknown id refused.
            List<String> ids = List.of(r1, me, console, off, "no-such-user", r2, r1);
            Http.Reply reply = admin.post("/users/bulk", body("deactivate", ids, null));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            JsonNode result = reply.json();
            assertThat(result.path("action").asText()).isEqualTo("deactivate");
            assertThat(result.path("done").asInt()).isEqualTo(2);
            assertThat(result.path("refused").asInt()).isEqualTo(4);
            // Each id once, in the order asked.
            assertThat(StreamSupport.stream(result.path("rows").spliterator(), false).map(r -> r.path("id").asText()))
                    .containsExactly(r1, me, console, off, "no-such-user", r2);
            Map<String, JsonNode> rows = rowsById(result);
            assertThat(rows.get(r1).path("outcome").asText()).isEqualTo("done");
            assertThat(rows.get(r1).path("email").asText()).isEqualTo("ba-r1@example.test");
            assertThat(rows.get(r2).path("outcome").asText()).isEqualTo("done");
            assertThat(rows.get(me).path("error").asText()).isEqualTo("own_account");
            assertThat(rows.get(console).path("error").asText()).isEqualTo("managed_in_keycloak");
            assertThat(rows.get(console).path("message").asText()).contains("Keycloak admin console");
            assertThat(rows.get(console).path("email").asText()).isEqualTo("ba-console@example.test");
            assertThat(rows.get(off).path("error").asText()).isEqualTo("invalid_status");
            assertThat(rows.get("no-such-user").path("error").asText()).isEqualTo("not_found");
            rows.values().stream().filter(r -> !r.path("outcome").asText().equals("done"))
                    .forEach(r -> assertThat(r.path("outcome").asText()).isEqualTo("refused"));
            // What a person notices: the two are cut off, the refused ones are as they were.
            assertThat(enabled(realm, r1)).isFalse();
            assertThat(enabled(realm, r2)).isFalse();
            assertThat(enabled(realm, me)).isTrue();
            assertThat(enabled(realm, console)).isTrue();
            assertThat(realm.auditCount(r1, "user.deactivated")).isEqualTo(1);
            assertThat(realm.auditCount(r2, "user.deactivated")).isEqualTo(1);
            assertThat(realm.auditCount(console, "user.deactivated")).isZero();
            assertThat(realm.auditCount(me, "user.deactivated")).isZero();
            JsonNode event = realm.audit("user=" + r1 + "&type=user.deactivated").get(0);
            assertThat(event.path("actor").path("id").asText()).isEqualTo(me);

            // Change role: oneself refused, the other done with the role change's event.
            reply = admin.post("/users/bulk", body("change-role", List.of(u3, me), "RESPONDER"));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            rows = rowsById(reply.json());
            assertThat(rows.get(u3).path("outcome").asText()).isEqualTo("done");
            assertThat(rows.get(me).path("error").asText()).isEqualTo("own_account");
            assertThat(admin.get("/users/" + u3).json().path("role").asText()).isEqualTo("RESPONDER");
            assertThat(admin.get("/users/" + me).json().path("role").asText()).isEqualTo("ADMIN");
            List<JsonNode> changed = realm.audit("user=" + u3 + "&type=user.role.changed");
            assertThat(changed).hasSize(1);
            assertThat(changed.get(0).toString()).contains("\"source\":\"api\"");

            // Reactivate: the two deactivated come back; an ACTIVE person is a wrong status.
            reply = admin.post("/users/bulk", body("reactivate", List.of(r1, r2, u3), null));
            rows = rowsById(reply.json());
            assertThat(rows.get(r1).path("outcome").asText()).isEqualTo("done");
            assertThat(rows.get(r2).path("outcome").asText()).isEqualTo("done");
            assertThat(rows.get(u3).path("error").asText()).isEqualTo("invalid_status");
            assertThat(enabled(realm, r1)).isTrue();
            assertThat(realm.auditCount(r2, "user.reactivated")).isEqualTo(1);

            // Resend invitation: the invited person gets a fresh link; an ACTIVE one has none to resend.
            Http.Reply invited = admin.post("/invitations", Map.of("email", "ba-new@example.test", "name", "Nia New", "role", "USER"));
            assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
            String newcomer = invited.json().path("userId").asText();
            reply = admin.post("/users/bulk", body("resend-invitation", List.of(newcomer, r1), null));
            rows = rowsById(reply.json());
            assertThat(rows.get(newcomer).path("outcome").asText()).isEqualTo("done");
            assertThat(rows.get(r1).path("error").asText()).isEqualTo("invalid_status");
            assertThat(realm.auditCount(newcomer, "user.invite.resent")).isEqualTo(1);
            assertThat(admin.get("/invitations/" + invited.json().path("id").asText()).json().path("resendCount").asInt()).isEqualTo(1);
        }
    }

    @Test
    void badRequestsAreRefusedWholeAndChangeNothing() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("bb-admin@example.test", "Ada Admin", "ADMIN");
            String person = realm.createUser("bb-person@example.test", "Pia Person", "RESPONDER");
            realm.createUser("bb-responder@example.test", "Rex Responder", "RESPONDER");
            Api admin = realm.apiAs("bb-admin@example.test");

            List<String> tooMany = new ArrayList<>(IntStream.range(0, 500).mapToObj(i -> "id-" + i).toList());
            tooMany.add(person);
            Map<String, Object> unknownField = new LinkedHashMap<>(body("deactivate", List.of(person), null));
            unknownField.put("force", true);
            Map<String, Object> idsNotArray = new LinkedHashMap<>();
            idsNotArray.put("action", "deactivate");
            idsNotArray.put("ids", person);
            Map<String, Object> idsNotStrings = new LinkedHashMap<>();
            idsNotStrings.put("action", "deactivate");
            idsNotStrings.put("ids", List.of(1, 2));
            Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
            cases.put("missing_field", Map.of("ids", List.of(person)));
            cases.put("invalid_action", body("delete", List.of(person), null));
            cases.put("missing_ids", body("deactivate", List.of(), null));
            cases.put("too_many_ids", body("deactivate", tooMany, null));
            cases.put("missing_role", body("change-role", List.of(person), null));
            cases.put("unexpected_role", body("deactivate", List.of(person), "USER"));
            cases.put("invalid_role", body("change-role", List.of(person), "ROOT"));
            cases.put("unknown_field", unknownField);
            cases.put("invalid_field", idsNotArray);
            cases.put("invalid_field ", idsNotStrings);
            cases.forEach((code, request) -> {
                Http.Reply reply = admin.post("/users/bulk", request);
                assertThat(reply.status()).as(code + ": " + reply).isEqualTo(400);
                assertThat(reply.json().path("error").asText()).isEqualTo(code.strip());
            });
            assertThat(admin.post("/users/bulk", body("deactivate", tooMany, null)).json().path("message").asText())
                    .contains("500").contains("501");
            assertThat(admin.raw("POST", "/users/bulk", "text/plain", "deactivate").status()).isEqualTo(415);
            assertThat(admin.raw("POST", "/users/bulk", "application/json", "{").json().path("error").asText()).isEqualTo("invalid_json");

            // Someone who may not act on one person may not act on many.
            Http.Reply responder = realm.apiAs("bb-responder@example.test").post("/users/bulk", body("deactivate", List.of(person), null));
            assertThat(responder.status()).isEqualTo(403);
            assertThat(responder.json().path("error").asText()).isEqualTo("forbidden");
            assertThat(realm.api(null).post("/users/bulk", body("deactivate", List.of(person), null)).status()).isEqualTo(401);

            // Nothing of it changed anyone.
            assertThat(enabled(realm, person)).isTrue();
            assertThat(realm.auditCount(person, "user.deactivated")).isZero();
        }
    }

    /**
     * The last ACTIVE ADMIN: the caller is an ADMIN too, so one request alone never demotes the last one; two ADMINs
     * demoting each other at once are decided one after the other (the row lock of the last-admin rule, taken in
     * each person's own transaction), so one of them always stays ADMIN, and the other request's row (if it got
     * past its permission check) is refused with {@code last_admin}.
     */
    @Test
    void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() {
        try (TestRealm realm = TestRealm.create()) {
            String a = realm.createUser("bl-a@example.test", "Ann A", "ADMIN");
            String b = realm.createUser("bl-b@example.test", "Ben B", "ADMIN");
            for (int round = 0; round < 3; round++) {
                Api asA = realm.apiAs("bl-a@example.test");
                Api asB = realm.apiAs("bl-b@example.test");
                CompletableFuture<Http.Reply> byA = CompletableFuture.supplyAsync(() -> asA.post("/users/bulk", body("change-role", List.of(b), "USER")));
                CompletableFuture<Http.Reply> byB = CompletableFuture.supplyAsync(() -> asB.post("/users/bulk", body("change-role", List.of(a), "USER")));
                List<Http.Reply> replies = List.of(byA.join(), byB.join());
                long demoted = 0;
                for (Http.Reply reply : replies) {
                    if (reply.status() == 200) {
                        JsonNode row = reply.json().path("rows").get(0);
                        if (row.path("outcome").asText().equals("done")) {
                            demoted++;
                        } else {
                            assertThat(row.path("error").asText()).as(reply.toString()).isEqualTo("last_admin");
                        }
                    } else {
                        assertThat(reply.status()).as(reply.toString()).isEqualTo(403); // already demoted when it arrived
                    }
                }
                assertThat(demoted).isEqualTo(1);
                String aRole = realm.resource().users().get(a).roles().realmLevel().listAll().stream().map(RoleRepresentation::getName)
                        .filter(n -> n.equals("ADMIN")).findFirst().orElse("");
                String bRole = realm.resource().users().get(b).roles().realmLevel().listAll().stream().map(RoleRepresentation::getName)
                        .filter(n -> n.equals("ADMIN")).findFirst().orElse("");
                assertThat(aRole + bRole).isEqualTo("ADMIN");
                // Both ADMIN again for the next round.
                String demotedId = aRole.isEmpty() ? a : b;
                String admin = aRole.isEmpty() ? "bl-b@example.test" : "bl-a@example.test";
                Http.Reply back = realm.apiAs(admin).put("/users/" + demotedId + "/role", Map.of("role", "ADMIN"));
                assertThat(back.status()).as(back.toString()).isEqualTo(200);
            }
        }
    }
}
