package io.opsknight.identity.invitation;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Waits;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /invitations/batch}: the dry run, a run and the same file again, JSON, every bad input, 1,000 rows. */
@OpsKnightIT
class InvitationBatchIT {

    static final String ADMIN = "ada@example.test";

    /**
     * Good, duplicate and bad rows: a header, semicolons, quoted names; row 8's name is refused by the realm's own
     * User Profile rule (no ';' in a person's name), which the dry run already says.
     */
    static final String CSV = """
            email;name;role
            new1@example.test;New One;USER
            MIA@example.test;Mia Member;USER
            ivy@example.test;Ivy Invited;RESPONDER
            new1@example.test;Dup;USER
            not-an-email;X;USER
            new2@example.test;"Two; Second";boss
            new3@example.test;"O'Neil; Three";ADMIN
            new4@example.test;"O'Neil Four";ADMIN
            """;

    @Test
    void csvDryRunThenRunThenTheSameFileAgainInvitesNobodyTwice() {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            realm.createUser("mia@example.test", "Mia Member", "USER");
            Api api = realm.apiAs(ADMIN);
            assertThat(api.post("/invitations", InvitationsIT.body("ivy@example.test", "Ivy", "RESPONDER")).status()).isEqualTo(201);

            Http.Reply dry = api.raw("POST", "/invitations/batch?dryRun=true", "text/csv", CSV);
            assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
            JsonNode preview = dry.json();
            assertThat(preview.path("dryRun").asBoolean()).isTrue();
            assertThat(preview.path("total").asInt()).isEqualTo(8);
            assertThat(outcomes(preview)).containsExactly(
                    "2 new1@example.test invite", "3 mia@example.test already_member", "4 ivy@example.test already_invited",
                    "5 new1@example.test invalid duplicate", "6 not-an-email invalid invalid_email",
                    "7 new2@example.test invalid invalid_role", "8 new3@example.test invalid invalid_name", "9 new4@example.test invite");
            assertThat(preview.path("rows").get(3).path("message").asText()).isEqualTo("The same email as row 2.");
            assertThat(preview.path("counts").path("invite").asInt()).isEqualTo(2);
            assertThat(preview.path("counts").path("invalid").asInt()).isEqualTo(4);
            assertThat(preview.path("rows").get(6).path("message").asText()).contains("invalid character");
            // Nothing written: still only Ivy's invitation, no batch, no second email.
            assertThat(api.get("/invitations").json()).hasSize(1);
            assertThat(api.get("/invitations/batch").json()).isEmpty();

            Http.Reply started = api.raw("POST", "/invitations/batch", "text/csv; charset=utf-8", CSV);
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            String id = started.json().path("id").asText();
            assertThat(started.header("Location")).endsWith("/opsknight/invitations/batch/" + id);
            JsonNode done = awaitDone(api, id, 120);
            assertThat(outcomes(done)).containsExactly(
                    "2 new1@example.test invited", "3 mia@example.test already_member", "4 ivy@example.test already_invited",
                    "5 new1@example.test invalid duplicate", "6 not-an-email invalid invalid_email",
                    "7 new2@example.test invalid invalid_role", "8 new3@example.test invalid invalid_name", "9 new4@example.test invited");
            assertThat(done.path("counts").path("invited").asInt()).isEqualTo(2);
            assertThat(done.path("done").asInt()).isEqualTo(8);
            assertThat(done.path("finishedAt").isTextual()).isTrue();
            // Each invited row went through the one invitation path: its invitation, its email, its audit event.
            String invitationId = done.path("rows").get(0).path("invitationId").asText();
            JsonNode invitation = api.get("/invitations/" + invitationId).json();
            assertThat(invitation.path("email").asText()).isEqualTo("new1@example.test");
            assertThat(invitation.path("name").asText()).isEqualTo("New One");
            assertThat(invitation.path("role").asText()).isEqualTo("USER");
            JsonNode four = api.get("/invitations/" + done.path("rows").get(7).path("invitationId").asText()).json();
            assertThat(four.path("name").asText()).isEqualTo("O'Neil Four");
            assertThat(four.path("role").asText()).isEqualTo("ADMIN");
            List<String> to = new ArrayList<>();
            for (var m : mail.await(3, 60)) {
                to.add(Mail.decode(m).to());
            }
            assertThat(to).containsExactlyInAnyOrder("ivy@example.test", "new1@example.test", "new4@example.test");
            assertThat(realm.auditCount(invitation.path("userId").asText(), "user.invited")).isEqualTo(1);

            // The same file again: everyone is invited already or a member; nobody gets a second invitation.
            Http.Reply again = api.raw("POST", "/invitations/batch", "text/csv", CSV);
            assertThat(again.status()).isEqualTo(202);
            JsonNode second = awaitDone(api, again.json().path("id").asText(), 60);
            assertThat(second.path("counts").path("invited").asInt()).isZero();
            assertThat(second.path("counts").path("already_invited").asInt()).isEqualTo(3);
            assertThat(second.path("counts").path("already_member").asInt()).isEqualTo(1);
            assertThat(api.get("/invitations").json()).hasSize(3);
            assertThat(realm.auditCount(invitation.path("userId").asText(), "user.invited")).isEqualTo(1);
            assertThat(mail.received()).hasSize(3);

            // The list: newest first, without the rows.
            JsonNode list = api.get("/invitations/batch").json();
            assertThat(list).hasSize(2);
            assertThat(list.get(0).path("id").asText()).isEqualTo(again.json().path("id").asText());
            assertThat(list.get(1).path("counts").path("invited").asInt()).isEqualTo(2);
            assertThat(list.get(0).has("rows")).isFalse();
        }
    }

    @Test
    void jsonArrayDryRunAndRun() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Api api = realm.apiAs(ADMIN);
            List<Map<String, Object>> rows = List.of(InvitationsIT.body("j1@example.test", "Jay One", "user"),
                    InvitationsIT.body("j2@example.test", "Jay Two", "RESPONDER"), InvitationsIT.body("j3@example.test", "", "USER"));
            Http.Reply dry = api.post("/invitations/batch?dryRun=true", rows);
            assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
            assertThat(outcomes(dry.json())).containsExactly("1 j1@example.test invite", "2 j2@example.test invite",
                    "3 j3@example.test invalid invalid_name");
            Http.Reply started = api.post("/invitations/batch", rows);
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            JsonNode done = awaitDone(api, started.json().path("id").asText(), 60);
            assertThat(outcomes(done)).containsExactly("1 j1@example.test invited", "2 j2@example.test invited",
                    "3 j3@example.test invalid invalid_name");
            assertThat(done.path("source").asText()).isEqualTo("json");
            // No mail server: the invitations exist, their email says why it was not sent (the admin copies the link).
            JsonNode invitation = api.get("/invitations/" + done.path("rows").get(1).path("invitationId").asText()).json();
            assertThat(invitation.path("role").asText()).isEqualTo("RESPONDER");
            assertThat(invitation.path("delivery").path("status").asText()).isEqualTo("NOT_CONFIGURED");
        }
    }

    @Test
    void badInputIsA4xxThatNamesTheRowOrTheLimitAndWritesNothing() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            realm.createUser("rob@example.test", "Rob Responder", "RESPONDER");
            Api api = realm.apiAs(ADMIN);

            assertRefused(api.raw("POST", "/invitations/batch", "text/csv", "email,name,role\na@example.test,Ann,USER\nb@example.test,Bo\n"),
                    400, "invalid_columns", "Row 3 has 2 columns");
            assertRefused(api.raw("POST", "/invitations/batch?dryRun=true", "text/csv", "mail,name,team\na@example.test,Ann,USER\n"),
                    400, "invalid_columns", "Row 1");
            StringBuilder many = new StringBuilder("email,name,role\n");
            for (int i = 0; i < 1001; i++) {
                many.append("p").append(i).append("@example.test,P ").append(i).append(",USER\n");
            }
            assertRefused(api.raw("POST", "/invitations/batch", "text/csv", many.toString()), 400, "too_many_rows", "the limit is 1,000 rows");
            String big = "x@example.test,Big,USER\n".repeat(2 * 1024 * 1024 / 24 + 1);
            assertRefused(api.raw("POST", "/invitations/batch", "text/csv", big), 400, "body_too_large", "limit of 1 MB");
            // A 10 MB body: the same 400, refused by its length before it is read.
            assertRefused(api.raw("POST", "/invitations/batch", "text/csv", "x".repeat(10_000_000)), 400, "body_too_large", "limit of 1 MB");
            byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', (byte) 0xff, (byte) 0xd8};
            assertRefused(postBytes(realm, api, png), 400, "invalid_encoding", "not UTF-8 text");
            assertRefused(api.raw("POST", "/invitations/batch", "text/plain", "a@example.test,Ann,USER"), 415, "unsupported_media_type", "text/csv");
            assertRefused(api.raw("POST", "/invitations/batch", "text/csv", ""), 400, "missing_body", "body");
            assertRefused(api.raw("POST", "/invitations/batch", "application/json", "{\"email\":\"a@example.test\"}"), 400, "invalid_json", "array");
            assertRefused(api.raw("POST", "/invitations/batch", "application/json", "[{\"email\":\"a@example.test\",\"team\":\"x\"}]"),
                    400, "unknown_field", "Row 1");
            assertRefused(api.raw("POST", "/invitations/batch?dryRun=maybe", "text/csv", "a@example.test,Ann,USER"), 400, "invalid_dryRun", "dryRun");
            assertRefused(api.get("/invitations/batch/nope"), 404, "not_found", "nope");

            // The permission of inviting one person.
            Api responder = realm.apiAs("rob@example.test");
            assertRefused(responder.raw("POST", "/invitations/batch?dryRun=true", "text/csv", "a@example.test,Ann,USER"), 403, "forbidden", "users:invite");
            assertRefused(responder.get("/invitations/batch"), 403, "forbidden", "users:invite");
            assertThat(realm.api(null).raw("POST", "/invitations/batch", "text/csv", "a@example.test,Ann,USER").status()).isEqualTo(401);

            assertThat(api.get("/invitations/batch").json()).isEmpty();
            assertThat(api.get("/invitations").json()).isEmpty();
        }
    }

    @Test
    void thousandRowsFinishWithProgress() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Api api = realm.apiAs(ADMIN);
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                csv.append("t").append(i).append("@example.test,Team Member ").append(i).append(",USER\n");
            }
            Http.Reply started = api.raw("POST", "/invitations/batch", "text/csv", csv.toString());
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            // Answered before any row is worked: the work runs after the commit.
            assertThat(started.json().path("status").asText()).isEqualTo("RUNNING");
            assertThat(started.json().path("counts").path("pending").asInt()).isEqualTo(1000);
            String id = started.json().path("id").asText();
            List<Integer> progress = new ArrayList<>();
            JsonNode batch = null;
            long deadline = System.currentTimeMillis() + 300_000;
            while (System.currentTimeMillis() < deadline) {
                batch = api.get("/invitations/batch/" + id).json();
                progress.add(batch.path("done").asInt());
                if ("DONE".equals(batch.path("status").asText())) {
                    break;
                }
                Waits.sleep(500);
            }
            assertThat(batch.path("status").asText()).as("progress %s", progress).isEqualTo("DONE");
            assertThat(batch.path("counts").path("invited").asInt()).isEqualTo(1000);
            assertThat(progress).isSorted().last().isEqualTo(1000);
            assertThat(batch.path("rows")).hasSize(1000);
            assertThat(api.get("/invitations?status=PENDING&max=200").json()).hasSize(200);
        }
    }

    static JsonNode awaitDone(Api api, String id, int seconds) {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        JsonNode batch;
        do {
            Http.Reply reply = api.get("/invitations/batch/" + id);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            batch = reply.json();
            if ("DONE".equals(batch.path("status").asText())) {
                return batch;
            }
            Waits.sleep(300);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("batch " + id + " not DONE after " + seconds + " s: " + batch);
    }

    /** Each row as "row email outcome [reason]". */
    static List<String> outcomes(JsonNode batch) {
        return StreamSupport.stream(batch.path("rows").spliterator(), false)
                .map(r -> (r.path("row").asInt() + " " + r.path("email").asText() + " " + r.path("outcome").asText()
                        + ("invalid".equals(r.path("outcome").asText()) ? " " + r.path("reason").asText() : "")))
                .toList();
    }

    private static void assertRefused(Http.Reply reply, int status, String error, String inMessage) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.json().path("error").asText()).as(reply.toString()).isEqualTo(error);
        assertThat(reply.json().path("message").asText()).as(reply.toString()).contains(inMessage);
    }

    private static Http.Reply postBytes(TestRealm realm, Api api, byte[] body) {
        String token = realm.login(ADMIN).accessToken();
        HttpRequest request = HttpRequest.newBuilder(URI.create(realm.apiUrl() + "/invitations/batch"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new Http.Reply(r.statusCode(), r.body(), r.headers().map());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
