package io.opsknight.identity.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /users/export}: the list's people for the same filters, as a CSV a spreadsheet opens safely. */
@OpsKnightIT
class PeopleExportIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** A CSV file's rows (RFC 4180: quoted cells, doubled quotes), without the leading BOM. */
    static List<List<String>> parse(String csv) {
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r') {
                // part of the line end
            } else if (c == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        return rows;
    }

    private static HttpResponse<String> export(TestRealm realm, String token, String query, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(realm.apiUrl() + "/users/export" + query))
                .header("Authorization", "Bearer " + token);
        if (accept != null) {
            request.header("Accept", accept);
        }
        return CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A person whose email may not be a username (Keycloak refuses '=' there, not in an email). */
    private static String withEmail(TestRealm realm, String username, String email, String name, String role) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(email);
        user.setFirstName(name);
        user.setEnabled(true);
        user.setEmailVerified(true);
        String id = TestRealm.idOf(realm.resource().users().create(user));
        realm.resource().users().get(id).roles().realmLevel().add(List.of(realm.resource().roles().get(role).toRepresentation()));
        return id;
    }

    private static List<String> listedIds(Api admin, String query) {
        Http.Reply list = admin.get("/users?max=100" + query);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return StreamSupport.stream(list.json().spliterator(), false).map(u -> u.path("id").asText()).toList();
    }

    @Test
    void theExportIsTheFilteredListAsSafeCsvStreamedAsAnAttachment() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            String adminId = realm.createUser("ex-admin@example.test", "Ada Admin", "ADMIN");
            String comma = realm.createUser("ex-comma@example.test", "Doe, Jane", "RESPONDER");
            String formula = withEmail(realm, "ex-formula", "=2+3@example.test", "Fred Formula", "USER");
            String dash = withEmail(realm, "ex-dash", "-dash@example.test", "Dana Dash", "RESPONDER");
            String umlaut = realm.createUser("ex-umlaut@example.test", "Jürgen Größe", "USER");
            realm.createUser("ex-responder@example.test", "Rex Responder", "RESPONDER");
            Api admin = realm.apiAs("ex-admin@example.test");
            assertThat(admin.post("/users/" + dash + "/deactivate", null).status()).isEqualTo(200);
            Http.Reply invited = admin.post("/invitations", Map.of("email", "ex-new@example.test", "name", "Nia New", "role", "USER"));
            assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
            String newcomer = invited.json().path("userId").asText();
            realm.login("ex-comma@example.test"); // a LOGIN event: the last sign-in
            String token = realm.login("ex-admin@example.test").accessToken();

            // The API client's usual Accept: application/json still gets the CSV (the type is the answer's, not a @Produces).
            HttpResponse<String> all = export(realm, token, "", "application/json");
            assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
            assertThat(all.headers().firstValue("Content-Type").orElse("")).isEqualTo("text/csv; charset=UTF-8");
            assertThat(all.headers().firstValue("Content-Disposition").orElse("")).isEqualTo("attachment; filename=\"people-"
                    + realm.name() + "-" + LocalDate.now(ZoneOffset.UTC) + ".csv\"");
            assertThat(all.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
            assertThat(all.body()).startsWith("\uFEFFemail,name,role,id,status,created,joined,last_sign_in\r\n");
            // Cells a spreadsheet would run as formulas get an apostrophe; a comma is quoted; accents stay.
            assertThat(all.body()).contains("\r\n'=2+3@example.test,Fred Formula,USER," + formula + ",ACTIVE,")
                    .contains("\r\n'-dash@example.test,Dana Dash,RESPONDER," + dash + ",DISABLED,")
                    .contains("\r\nex-comma@example.test,\"Doe, Jane\",RESPONDER," + comma + ",ACTIVE,")
                    .contains("ex-umlaut@example.test,Jürgen Größe,USER," + umlaut + ",ACTIVE,");
            List<List<String>> rows = parse(all.body());
            assertThat(rows.get(0)).containsExactly("email", "name", "role", "id", "status", "created", "joined", "last_sign_in");
            Map<String, List<String>> byId = new java.util.HashMap<>();
            rows.subList(1, rows.size()).forEach(r -> byId.put(r.get(3), r));
            assertThat(byId.get(newcomer)).containsExactly("ex-new@example.test", "Nia New", "USER", newcomer, "INVITED",
                    byId.get(newcomer).get(5), LocalDate.now(ZoneOffset.UTC).toString(), "");
            assertThat(byId.get(newcomer).get(5)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
            assertThat(byId.get(comma).get(7)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
            assertThat(byId.get(formula).get(7)).isEmpty();
            assertThat(byId.get(adminId).get(2)).isEqualTo("ADMIN");
            // The rows are the list's, in the list's order (newest first).
            assertThat(rows.subList(1, rows.size()).stream().map(r -> r.get(3)).toList()).isEqualTo(listedIds(admin, ""));

            // Each filter as the list applies it.
            for (String query : List.of("?status=ACTIVE", "?role=RESPONDER", "?search=ex-", "?status=DISABLED&role=RESPONDER",
                    "?status=INVITED", "?search=nobody-matches")) {
                HttpResponse<String> filtered = export(realm, token, query, "text/csv");
                assertThat(filtered.statusCode()).as(query + ": " + filtered.body()).isEqualTo(200);
                List<List<String>> got = parse(filtered.body());
                assertThat(got.subList(1, got.size()).stream().map(r -> r.get(3)).toList()).as(query)
                        .isEqualTo(listedIds(admin, "&" + query.substring(1)));
            }
            List<List<String>> responders = parse(export(realm, token, "?role=RESPONDER", null).body());
            assertThat(responders.subList(1, responders.size()).stream().map(r -> r.get(2)).distinct().toList()).containsExactly("RESPONDER");
            // Another order, as the page's sort links give it.
            List<List<String>> byEmail = parse(export(realm, token, "?sort=email&status=ACTIVE&role=RESPONDER", null).body());
            assertThat(byEmail.subList(1, byEmail.size()).stream().map(r -> r.get(0)).toList())
                    .containsExactly("ex-comma@example.test", "ex-responder@example.test");

            // Bad filters are the list's 400s; a RESPONDER is refused; no token is 401.
            HttpResponse<String> bad = export(realm, token, "?status=GONE", null);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(Http.JSON.readTree(bad.body()).path("error").asText()).isEqualTo("invalid_status");
            assertThat(export(realm, token, "?sort=shoe-size", null).statusCode()).isEqualTo(400);
            HttpResponse<String> responder = export(realm, realm.login("ex-responder@example.test").accessToken(), "", null);
            assertThat(responder.statusCode()).isEqualTo(403);
            JsonNode refusal = Http.JSON.readTree(responder.body());
            assertThat(refusal.path("error").asText()).isEqualTo("forbidden");
            assertThat(responder.body()).doesNotContain("ex-comma@example.test");
            assertThat(realm.api(null).get("/users/export").status()).isEqualTo(401);
        }
    }
}
