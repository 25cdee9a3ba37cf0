package io.opsknight.identity.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.ServerLog;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import io.opsknight.identity.testsupport.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.opsknight.identity.sessions.SessionFixtures.CHROME_ON_WINDOWS;
import static io.opsknight.identity.sessions.SessionFixtures.FIREFOX_ON_LINUX;
import static io.opsknight.identity.sessions.SessionFixtures.find;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's sessions through the real server: listed with device and clients, one revoked, all
 * others revoked, someone else's refused, an admin ends all; the revoked device's refresh and
 * userinfo fail when the call returns, and opsknight-web (WireMock) has its logout token by then.
 */
@OpsKnightIT
class SessionsIT {

    private static final String LOGOUT_PATH = "/backchannel-logout";

    private WireMockServer web;

    @BeforeEach
    void startWeb() {
        web = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        web.start();
        web.stubFor(post(LOGOUT_PATH).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void stopWeb() {
        web.stop();
    }

    private String logoutUrl() {
        return "http://127.0.0.1:" + web.port() + LOGOUT_PATH;
    }

    private List<String> logoutTokens() {
        List<String> tokens = new ArrayList<>();
        for (LoggedRequest r : web.findAll(postRequestedFor(urlEqualTo(LOGOUT_PATH)))) {
            tokens.add(SessionFixtures.logoutToken(r.getBodyAsString()));
        }
        return tokens;
    }

    @Test
    void personSeesDevicesRevokesOneThenAllOthersAndKeepsOwn() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            WebClient.configure(realm, logoutUrl());
            String patId = realm.createUser("pat@example.test", "Pat Person", "USER");
            realm.createUser("sam@example.test", "Sam Someone", "USER");

            // Three logins: this script (no browser), the web app in Chrome, a Firefox device with an offline token.
            Tokens own = SessionFixtures.login(realm, "pat@example.test", null, false);
            Tokens chrome = SessionFixtures.webLogin(realm, "pat@example.test", CHROME_ON_WINDOWS, false);
            Tokens firefox = SessionFixtures.login(realm, "pat@example.test", FIREFOX_ON_LINUX, true);
            Tokens sams = SessionFixtures.login(realm, "sam@example.test", null, false);
            String ownSid = own.access().path("sid").asText();
            String chromeSid = chrome.access().path("sid").asText();
            String firefoxSid = firefox.access().path("sid").asText();
            Api pat = realm.api(own.accessToken());

            Http.Reply listed = pat.get("/me/sessions");
            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            JsonNode list = listed.json();
            // Keycloak 26 keeps a direct grant with offline_access as an offline session only.
            assertThat(list).hasSize(3); // own, chrome, firefox (offline)
            JsonNode mine = find(list, ownSid, false);
            assertThat(mine.path("current").asBoolean()).isTrue();
            assertThat(mine.path("ipAddress").asText()).isEqualTo("127.0.0.1");
            assertThat(Instant.parse(mine.path("started").asText())).isBeforeOrEqualTo(Instant.parse(mine.path("lastAccess").asText()));
            assertThat(Instant.parse(mine.path("started").asText())).isAfter(Instant.now().minusSeconds(600));
            assertThat(mine.path("clients").toString()).contains("\"clientId\":\"" + TestRealm.TEST_CLIENT + "\"");
            assertThat(mine.path("browser").asText()).as("Java's HTTP client is no browser").isEqualTo("unknown");
            assertThat(mine.path("os").asText()).isEqualTo("unknown");

            JsonNode chromeRow = find(list, chromeSid, false);
            assertThat(chromeRow.path("current").asBoolean()).isFalse();
            assertThat(chromeRow.path("browser").asText()).isEqualTo("Chrome 120");
            assertThat(chromeRow.path("os").asText()).isEqualTo("Windows 10");
            assertThat(chromeRow.path("clients")).hasSize(1);
            assertThat(chromeRow.path("clients").get(0).path("clientId").asText()).isEqualTo("opsknight-web");
            assertThat(chromeRow.path("clients").get(0).path("name").asText()).isEqualTo("OpsKnight web application");

            JsonNode offlineRow = find(list, firefoxSid, true);
            assertThat(offlineRow).as("the offline session is listed").isNotNull();
            assertThat(offlineRow.path("browser").asText()).isEqualTo("Firefox 121");
            assertThat(offlineRow.path("os").asText()).isEqualTo("Linux");
            assertThat(offlineRow.path("current").asBoolean()).isFalse();
            for (JsonNode row : list) {
                assertThat(row.has("browser") && row.has("os") && row.has("offline")).isTrue();
            }
            for (int i = 1; i < list.size(); i++) {
                assertThat(Instant.parse(list.get(i - 1).path("lastAccess").asText()))
                        .isAfterOrEqualTo(Instant.parse(list.get(i).path("lastAccess").asText()));
            }

            // Someone else's session id is unknown to Pat, and stays alive.
            String samSid = sams.access().path("sid").asText();
            Http.Reply foreign = pat.delete("/me/sessions/" + samSid);
            assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
            assertThat(foreign.json().path("error").asText()).isEqualTo("not_found");
            assertThat(realm.refresh(sams.refreshToken()).status()).isEqualTo(200);
            assertThat(pat.delete("/me/sessions/no-such-session").status()).isEqualTo(404);

            // Revoke the Chrome session: when the call returns, it is out, and the web app has been told.
            assertThat(SessionFixtures.webRefresh(realm, chrome.refreshToken()).status()).isEqualTo(200);
            Http.Reply revoked = pat.delete("/me/sessions/" + chromeSid);
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
            assertThat(revoked.json().path("revoked").asInt()).isEqualTo(1);
            List<String> tokens = logoutTokens();
            assertThat(tokens).hasSize(1);
            SessionFixtures.verifiedLogoutToken(realm, tokens.get(0), chromeSid, patId);
            Http.Reply refresh = SessionFixtures.webRefresh(realm, chrome.refreshToken());
            assertThat(refresh.status()).isEqualTo(400);
            assertThat(refresh.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(realm.userinfo(chrome.accessToken()).status()).isEqualTo(401);
            assertThat(realm.refresh(firefox.refreshToken()).status()).as("other devices untouched").isEqualTo(200);
            assertThat(find(pat.get("/me/sessions").json(), chromeSid, false)).isNull();
            assertThat(realm.auditCount(patId, "session.revoked")).isEqualTo(1);
            {
                JsonNode details = realm.audit("user=" + patId + "&type=session.revoked").get(0).path("details");
                assertThat(details.path("sessionId").asText()).isEqualTo(chromeSid);
                assertThat(details.path("ipAddress").asText()).isEqualTo("127.0.0.1");
                assertThat(details.path("clients").toString()).isEqualTo("[\"opsknight-web\"]");
            }

            // A scope other than "others" is refused and ends nothing.
            Http.Reply noScope = pat.delete("/me/sessions");
            assertThat(noScope.status()).isEqualTo(400);
            assertThat(noScope.json().path("error").asText()).isEqualTo("invalid_scope");
            assertThat(pat.delete("/me/sessions?scope=all").status()).isEqualTo(400);
            assertThat(realm.refresh(firefox.refreshToken()).status()).isEqualTo(200);

            // Revoke all others: Firefox (offline) ends, Pat's own session survives.
            Http.Reply others = pat.delete("/me/sessions?scope=others");
            assertThat(others.status()).as(others.toString()).isEqualTo(200);
            assertThat(others.json().path("revoked").asInt()).isEqualTo(1);
            assertThat(realm.refresh(firefox.refreshToken()).status()).isEqualTo(400);
            assertThat(realm.userinfo(firefox.accessToken()).status()).isEqualTo(401);
            Tokens ownAgain = Tokens.from(realm.refresh(own.refreshToken()));
            assertThat(realm.userinfo(own.accessToken()).status()).isEqualTo(200);
            JsonNode left = realm.api(ownAgain.accessToken()).get("/me/sessions").json();
            assertThat(left).hasSize(1);
            assertThat(left.get(0).path("id").asText()).isEqualTo(ownSid);
            assertThat(left.get(0).path("current").asBoolean()).isTrue();
            assertThat(realm.auditCount(patId, "session.revoked_others")).isEqualTo(1);
            {
                JsonNode details = realm.audit("user=" + patId + "&type=session.revoked_others").get(0).path("details");
                assertThat(details.path("count").asInt()).isEqualTo(1);
                assertThat(details.path("kept").asText()).isEqualTo(ownSid);
            }
            assertThat(realm.refresh(sams.refreshToken()).status()).as("Sam is not Pat").isEqualTo(200);

            // Revoking one's own current session is a logout.
            assertThat(pat.delete("/me/sessions/" + ownSid).status()).isEqualTo(200);
            assertThat(realm.refresh(ownAgain.refreshToken()).status()).isEqualTo(400);
            assertThat(realm.api(ownAgain.accessToken()).get("/me/sessions").status()).isEqualTo(401);
            assertThat(realm.api(null).get("/me/sessions").status()).isEqualTo(401);
        }
    }

    @Test
    void offlineSessionsAreListedAndRevocableAndTheWebAppHearsOfThem() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            WebClient.configure(realm, logoutUrl());
            String olaId = realm.createUser("ola@example.test", "Ola Offline", "RESPONDER");
            Tokens own = SessionFixtures.login(realm, "ola@example.test", null, false);
            Tokens webOffline = SessionFixtures.webLogin(realm, "ola@example.test", CHROME_ON_WINDOWS, true);
            String sid = webOffline.access().path("sid").asText();
            assertThat(Tokens.claims(webOffline.refreshToken()).path("typ").asText()).isEqualTo("Offline");
            Api ola = realm.api(own.accessToken());

            JsonNode offlineRow = find(ola.get("/me/sessions").json(), sid, true);
            assertThat(offlineRow).isNotNull();
            assertThat(offlineRow.path("offline").asBoolean()).isTrue();
            assertThat(offlineRow.path("clients").toString()).contains("opsknight-web");
            assertThat(SessionFixtures.webRefresh(realm, webOffline.refreshToken()).status()).isEqualTo(200);

            Http.Reply revoked = ola.delete("/me/sessions/" + sid);
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
            assertThat(revoked.json().path("revoked").asInt()).isEqualTo(1);
            assertThat(SessionFixtures.webRefresh(realm, webOffline.refreshToken()).status()).isEqualTo(400);
            assertThat(find(ola.get("/me/sessions").json(), sid, true)).isNull();
            List<String> tokens = logoutTokens();
            assertThat(tokens).hasSize(1);
            JsonNode claims = SessionFixtures.verifiedLogoutToken(realm, tokens.get(0), sid, olaId);
            // realm-config asks Keycloak to tell opsknight-web that offline tokens are revoked too.
            assertThat(claims.path("events").path("revoke_offline_access").asBoolean()).isTrue();
        }
    }

    @Test
    void adminSeesAndEndsAUsersSessions() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            WebClient.configure(realm, logoutUrl());
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            realm.createUser("rex@example.test", "Rex Responder", "RESPONDER");
            String umaId = realm.createUser("uma@example.test", "Uma User", "USER");
            String otherId = realm.createUser("oto@example.test", "Oto Other", "USER");
            Tokens one = SessionFixtures.login(realm, "uma@example.test", FIREFOX_ON_LINUX, false);
            Tokens two = SessionFixtures.webLogin(realm, "uma@example.test", CHROME_ON_WINDOWS, false);
            Tokens three = SessionFixtures.login(realm, "uma@example.test", null, true);
            Tokens otos = SessionFixtures.login(realm, "oto@example.test", null, false);
            Api ada = realm.apiAs("ada@example.test");
            Api rex = realm.apiAs("rex@example.test");

            // Only an ADMIN, and before anything is looked at.
            assertThat(rex.get("/users/" + umaId + "/sessions").status()).isEqualTo(403);
            assertThat(rex.delete("/users/" + umaId + "/sessions").status()).isEqualTo(403);
            assertThat(rex.delete("/users/" + umaId + "/sessions/" + one.access().path("sid").asText()).status()).isEqualTo(403);
            assertThat(realm.refresh(one.refreshToken()).status()).isEqualTo(200);
            assertThat(realm.api(null).get("/users/" + umaId + "/sessions").status()).isEqualTo(401);

            JsonNode list = ada.get("/users/" + umaId + "/sessions").json();
            assertThat(list).hasSize(3);
            for (JsonNode row : list) {
                assertThat(row.path("current").asBoolean()).as("not the admin's session").isFalse();
            }
            assertThat(find(list, two.access().path("sid").asText(), false).path("browser").asText()).isEqualTo("Chrome 120");
            assertThat(ada.get("/users/not-a-user/sessions").status()).isEqualTo(404);

            // One session; another user's sid under this user is 404.
            String otoSid = otos.access().path("sid").asText();
            assertThat(ada.delete("/users/" + umaId + "/sessions/" + otoSid).status()).isEqualTo(404);
            assertThat(realm.refresh(otos.refreshToken()).status()).isEqualTo(200);
            Http.Reply single = ada.delete("/users/" + umaId + "/sessions/" + one.access().path("sid").asText());
            assertThat(single.status()).as(single.toString()).isEqualTo(200);
            assertThat(realm.refresh(one.refreshToken()).status()).isEqualTo(400);
            assertThat(SessionFixtures.webRefresh(realm, two.refreshToken()).status()).as("the others live on").isEqualTo(200);

            // All of them.
            Http.Reply all = ada.delete("/users/" + umaId + "/sessions");
            assertThat(all.status()).as(all.toString()).isEqualTo(200);
            assertThat(all.json().path("revoked").asInt()).isEqualTo(2); // web, and the offline session of the third login
            assertThat(SessionFixtures.webRefresh(realm, two.refreshToken()).status()).isEqualTo(400);
            assertThat(realm.refresh(three.refreshToken()).status()).isEqualTo(400);
            assertThat(realm.userinfo(two.accessToken()).status()).isEqualTo(401);
            assertThat(ada.get("/users/" + umaId + "/sessions").json()).isEmpty();
            assertThat(realm.refresh(otos.refreshToken()).status()).as("another user untouched").isEqualTo(200);
            List<String> tokens = logoutTokens();
            assertThat(tokens).hasSize(1);
            SessionFixtures.verifiedLogoutToken(realm, tokens.get(0), two.access().path("sid").asText(), umaId);
            assertThat(realm.auditCount(umaId, "session.revoked")).isEqualTo(1);
            assertThat(realm.auditCount(umaId, "session.revoked_others")).isEqualTo(1);
            assertThat(realm.auditCount(otherId, "session.revoked")).isZero();
        }
    }

    @Test
    void aDownOrFailingBackChannelEndpointDoesNotFailTheRevocationAndIsLogged() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("dee@example.test", "Dee Down", "USER");
            Tokens own = SessionFixtures.login(realm, "dee@example.test", null, false);
            Api dee = realm.api(own.accessToken());

            // opsknight-web answers 500.
            web.stubFor(post(LOGOUT_PATH).willReturn(aResponse().withStatus(500)));
            WebClient.configure(realm, logoutUrl());
            Tokens failing = SessionFixtures.webLogin(realm, "dee@example.test", CHROME_ON_WINDOWS, false);
            String failingSid = failing.access().path("sid").asText();
            Http.Reply r = dee.delete("/me/sessions/" + failingSid);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(SessionFixtures.webRefresh(realm, failing.refreshToken()).status()).isEqualTo(400);
            assertThat(logoutTokens()).hasSize(1);
            assertThat(ServerLog.lines("Back-channel logout of online session " + failingSid,
                    "'opsknight-web' failed (status 500")).hasSize(1);

            // opsknight-web hangs: Keycloak's HTTP client gives up after its socket timeout (5 s by
            // default), and the revocation goes on without waiting for the app.
            web.stubFor(post(LOGOUT_PATH).willReturn(aResponse().withStatus(200).withFixedDelay(15_000)));
            Tokens hanging = SessionFixtures.webLogin(realm, "dee@example.test", CHROME_ON_WINDOWS, false);
            long start = System.nanoTime();
            r = dee.delete("/me/sessions/" + hanging.access().path("sid").asText());
            long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(seconds).as("answered long before the hanging app would have").isLessThan(14);
            assertThat(SessionFixtures.webRefresh(realm, hanging.refreshToken()).status()).isEqualTo(400);

            // opsknight-web is down: nothing listens on its port.
            WebClient.configure(realm, "http://127.0.0.1:" + freePort() + LOGOUT_PATH);
            Tokens down = SessionFixtures.webLogin(realm, "dee@example.test", CHROME_ON_WINDOWS, false);
            String downSid = down.access().path("sid").asText();
            r = dee.delete("/me/sessions?scope=others");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().path("revoked").asInt()).isEqualTo(1);
            assertThat(SessionFixtures.webRefresh(realm, down.refreshToken()).status()).isEqualTo(400);
            assertThat(realm.userinfo(down.accessToken()).status()).isEqualTo(401);
            assertThat(ServerLog.lines("Back-channel logout of online session " + downSid,
                    "'opsknight-web' failed")).hasSize(1);
            assertThat(ServerLog.lines("Logout for client 'opsknight-web' failed", "Connection refused")).isNotEmpty();
            assertThat(realm.refresh(own.refreshToken()).status()).isEqualTo(200);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
