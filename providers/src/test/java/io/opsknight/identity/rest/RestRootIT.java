package io.opsknight.identity.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Admin;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.info.ServerInfoRepresentation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@OpsKnightIT
class RestRootIT {

    static TestRealm realm;

    @BeforeAll
    static void setUp() {
        realm = TestRealm.create();
        realm.createUser("ada@example.test", "Ada Lovelace", "RESPONDER");
    }

    @AfterAll
    static void tearDown() {
        realm.close();
    }

    @Test
    void serverRunsOurProvidersAndTheme() {
        ServerInfoRepresentation info = Admin.client().serverInfo().getInfo();
        assertThat(info.getProviders().get("realm-restapi-extension").getProviders()).containsKey("opsknight");
        assertThat(info.getProviders().get("realm-restapi-extension").getProviders().get("opsknight").getOperationalInfo())
                .containsKey("version");
        assertThat(info.getThemes().get("login")).anyMatch(t -> t.getName().equals("opsknight"));
        assertThat(info.getThemes().get("email")).anyMatch(t -> t.getName().equals("opsknight"));
    }

    @Test
    void noTokenIs401Json() {
        Http.Reply reply = realm.api(null).get("/me");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().path("error").asText()).isEqualTo("unauthorized");
        assertThat(reply.json().path("message").asText()).isNotBlank();

        assertThat(realm.api(null).get("").status()).isEqualTo(401);
    }

    @Test
    void badTokenIs401Json() {
        Http.Reply reply = realm.api("not.a.token").get("/me");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().path("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void tokenOfAnotherRealmIs401() {
        try (TestRealm other = TestRealm.create()) {
            other.createUser("eve@example.test", "Eve", "ADMIN");
            String foreign = other.login("eve@example.test").accessToken();
            assertThat(realm.api(foreign).get("/me").status()).isEqualTo(401);
        }
    }

    @Test
    void meReturnsTheCaller() {
        JsonNode me = realm.apiAs("ada@example.test").get("/me").json();
        assertThat(me.path("email").asText()).isEqualTo("ada@example.test");
        assertThat(me.path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(me.path("id").asText()).isNotBlank();
        assertThat(me.path("role").asText()).isEqualTo("RESPONDER");
        assertThat(me.path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void unknownPathIs404Json() {
        Http.Reply reply = realm.apiAs("ada@example.test").get("/no-such-thing");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().path("error").asText()).isEqualTo("not_found");

        Http.Reply nested = realm.apiAs("ada@example.test").get("/me/no-such-thing");
        assertThat(nested.status()).isEqualTo(404);
        assertThat(nested.json().path("error").asText()).isEqualTo("not_found");
    }

    /**
     * Every 404 and 405 under our root is our {@code {"error","message"}}: the paths our catch-all
     * cannot match (an encoded CR/LF) and the methods a path does not take, which the framework answers
     * before any of our code runs.
     */
    @Test
    void badPathsAndMethodsAnswerOurJsonError() {
        Api ada = realm.apiAs("ada@example.test");
        String[][] table = {
                // method, path, the statuses it may get: a wrong method is 405, or 404 where one of our
                // catch-all paths also matches it (as measured on Keycloak 26.7.3)
                {"GET", "/me/sessions/%0d%0aX", "404 405"},
                {"DELETE", "/me/sessions/%0d%0aX/more", "404 405"},
                {"GET", "/me/%0d%0aX", "404"},
                {"GET", "/%0aX", "404"},
                {"GET", "/audit/%0d", "404 405"},
                {"GET", "/me/sessions/some-id", "404 405"},
                {"PATCH", "/me/profile", "404 405"},
                {"DELETE", "/me/profile", "404 405"},
                {"GET", "/me/password", "404 405"},
                {"PUT", "/audit", "405"},
                {"POST", "/me", "404 405"},
                {"PUT", "/users", "404 405"},
        };
        SoftAssertions soft = new SoftAssertions();
        for (String[] row : table) {
            Http.Reply reply = ada.raw(row[0], row[1], null, null);
            String what = row[0] + " " + row[1] + " -> " + reply;
            soft.assertThat(List.of(row[2].split(" "))).as(what).contains(String.valueOf(reply.status()));
            soft.assertThat(reply.header("Content-Type")).as(what).startsWith("application/json");
            JsonNode json = reply.status() == 404 || reply.status() == 405 ? reply.json() : null;
            if (json != null) {
                soft.assertThat(json.path("error").asText()).as(what).isEqualTo(reply.status() == 404 ? "not_found" : "method_not_allowed");
                soft.assertThat(json.path("message").asText()).as(what).isNotBlank().doesNotContain("\r", "\n");
            }
        }
        soft.assertAll();
    }
}
