package io.opsknight.identity.rest;

import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.PageClient;
import io.opsknight.identity.testsupport.ServerLog;
import io.opsknight.identity.testsupport.SmsGateway;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused request leaves one line in the server log (logger io.opsknight.identity.refused): realm, caller,
 * request, reason. One test per kind of refusal the operator is promised a line for: the API's 403 and 429,
 * a wrong setup key, a CSRF mismatch on the setup page and on the account page, a dead invitation link.
 */
@OpsKnightIT
class RefusalLogIT {

    private static final String LOGGER = "[io.opsknight.identity.refused]";

    private static String refused(int status, String code, TestRealm realm) {
        return "OpsKnight refused " + status + " " + code + " realm=" + realm.name() + " ";
    }

    @Test
    void aForbiddenCallIsLoggedOnceWithRealmCallerAndReason() {
        try (TestRealm realm = TestRealm.create()) {
            String id = realm.createUser("nosy@example.test", "Nosy User", "USER");
            Http.Reply reply = realm.apiAs("nosy@example.test").get("/users");
            assertThat(reply.status()).isEqualTo(403);

            assertThat(ServerLog.lines("WARN", LOGGER, "OpsKnight refused 403 forbidden realm=" + realm.name()
                    + " caller=user:" + id + " request=\"GET /realms/" + realm.name() + "/opsknight/users\" reason=\"Only an ADMIN may do this.\""))
                    .hasSize(1);
        }
    }

    @Test
    void tooManyRequestsOfTheApiAreLogged() {
        try (TestRealm realm = TestRealm.create()) {
            String phone = "+14155550191";
            SmsGateway.answer(phone, 201, 0);
            String id = realm.createUser("eager@example.test", "Eager User", "USER");
            Api me = realm.apiAs("eager@example.test");
            assertThat(me.put("/me/profile", Map.of("phone_number", phone)).status()).isEqualTo(200);
            // Codes are sent a few times an hour per person; the next send is refused (no code expiry involved).
            Http.Reply last;
            int sends = 0;
            do {
                last = me.post("/me/phone/verification", null);
                sends++;
            } while (last.status() == 202 && sends < 20);
            assertThat(last.status()).as(last.toString()).isEqualTo(429);

            assertThat(ServerLog.lines("WARN", LOGGER, refused(429, "too_many_codes", realm), "caller=user:" + id,
                    "request=\"POST /realms/" + realm.name() + "/opsknight/me/phone/verification\"")).hasSize(1);
        }
    }

    @Test
    void aWrongSetupKeyIsLogged() {
        try (TestRealm realm = TestRealm.create()) {
            PageClient visitor = new PageClient();
            PageClient.Page form = visitor.open(realm.apiUrl() + "/setup");
            assertThat(form.status()).as(form.toString()).isEqualTo(200);
            PageClient.Page refused = visitor.submit(form, "opsknight-setup-form",
                    Map.of("email", "first@example.test", "name", "First Admin", "setupKey", "not-the-setup-key"));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);

            assertThat(ServerLog.lines("WARN", LOGGER, refused(403, "wrong_setup_key", realm), "caller=ip:",
                    "request=\"POST /realms/" + realm.name() + "/opsknight/setup\"", "reason=\"setup page: a wrong setup key\""))
                    .hasSize(1);
        }
    }

    @Test
    void aSetupPostWithoutItsCsrfPairIsLogged() {
        try (TestRealm realm = TestRealm.create()) {
            PageClient.Page refused = new PageClient().post(realm.apiUrl() + "/setup",
                    Map.of("email", "first@example.test", "name", "First Admin", "setupKey", "whatever"));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);

            assertThat(ServerLog.lines("WARN", LOGGER, refused(403, "csrf_mismatch", realm),
                    "request=\"POST /realms/" + realm.name() + "/opsknight/setup\"")).hasSize(1);
        }
    }

    @Test
    void anAccountPagePostWithoutItsCsrfTokenIsLogged() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("pat@example.test", "Pat Person", "USER");
            PageClient browser = new PageClient();
            String accountUrl = realm.apiUrl() + "/account";
            PageClient.Page login = follow(browser, accountUrl);
            PageClient.Page page = follow(browser, browser.submit(login, "kc-form-login",
                    Map.of("username", "pat@example.test", "password", TestRealm.PASSWORD)), accountUrl);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.hasForm("profile-form")).as(page.toString()).isTrue();

            PageClient.Page refused = browser.post(accountUrl + "/profile/save", Map.of("name", "Forged Name"));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);

            assertThat(ServerLog.lines("WARN", LOGGER, refused(403, "csrf_mismatch", realm),
                    "request=\"POST /realms/" + realm.name() + "/opsknight/account/profile/save\"")).hasSize(1);
        }
    }

    @Test
    void aDeadInvitationLinkIsLogged() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            Api ada = realm.apiAs("ada@example.test");
            Http.Reply invited = ada.post("/invitations", Map.of("email", "late@example.test", "name", "Late Person", "role", "USER"));
            assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
            String link = invited.json().path("link").asText();
            assertThat(ada.delete("/invitations/" + invited.json().path("id").asText()).status()).isEqualTo(200);

            PageClient.Page dead = new PageClient().open(link);
            assertThat(dead.status()).as(dead.toString()).isEqualTo(410);
            assertThat(dead.invitationState()).isEqualTo("revoked");

            assertThat(ServerLog.lines("INFO", LOGGER, refused(410, "revoked", realm), "reason=\"invitation link: revoked\""))
                    .hasSize(1);
        }
    }

    /** Opens {@code url} and follows redirects (as a browser does) until a page answers. */
    private static PageClient.Page follow(PageClient browser, String url) {
        return follow(browser, browser.open(url), url);
    }

    private static PageClient.Page follow(PageClient browser, PageClient.Page page, String from) {
        String current = from;
        for (int hops = 0; page.location() != null && page.status() / 100 == 3; hops++) {
            assertThat(hops).as("redirects from %s", from).isLessThan(10);
            current = URI.create(current).resolve(page.location()).toString();
            page = browser.open(current);
        }
        return page;
    }
}
