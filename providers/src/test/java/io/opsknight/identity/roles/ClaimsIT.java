package io.opsknight.identity.roles;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.representations.idm.ClientRepresentation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The role and permission claims in real tokens: all 63 cells, in access token, ID token and userinfo. */
@OpsKnightIT
class ClaimsIT {

    static TestRealm realm;

    @BeforeAll
    static void setUp() {
        realm = TestRealm.create();
        for (Role role : Role.values()) {
            realm.createUser(role.name().toLowerCase() + "@example.test", role.name() + " Person", role.name());
        }
        realm.createUser("norole@example.test", "No Role", null);
    }

    @AfterAll
    static void tearDown() {
        realm.close();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void assertCells(JsonNode claims, Role role, String where) {
        assertThat(claims.path("opsknight_role").asText()).as("%s role", where).isEqualTo(role.name());
        List<String> permissions = strings(claims.path("opsknight_permissions"));
        for (Permission p : Permission.values()) {
            assertThat(permissions.contains(p.key()))
                    .as("%s: %s %s %s", where, role, p.key(), p.grantedTo(role) ? "granted" : "denied")
                    .isEqualTo(p.grantedTo(role));
        }
        assertThat(permissions).as("%s sorted", where).isSorted();
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void everyCellInEveryToken(Role role) {
        Tokens tokens = realm.login(role.name().toLowerCase() + "@example.test");
        assertCells(tokens.access(), role, "access token");
        assertCells(tokens.id(), role, "ID token");
        Http.Reply userinfo = realm.userinfo(tokens.accessToken());
        assertThat(userinfo.status()).isEqualTo(200);
        assertCells(userinfo.json(), role, "userinfo");
    }

    @Test
    void userWithoutRoleCountsAsUser() {
        assertCells(realm.login("norole@example.test").access(), Role.USER, "access token");
    }

    @Test
    void standardClaims() throws Exception {
        JsonNode id = realm.login("responder@example.test").id();
        // Gravatar's URL is the SHA-256 of the trimmed, lower-cased address (computed here independently).
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("responder@example.test".getBytes(StandardCharsets.UTF_8)));
        assertThat(id.path("picture").asText()).isEqualTo("https://www.gravatar.com/avatar/" + hash + "?d=identicon");
        assertThat(id.path("zoneinfo").asText()).isEqualTo("UTC");
        assertThat(id.path("email").asText()).isEqualTo("responder@example.test");
        assertThat(id.path("email_verified").isBoolean()).as(id.toString()).isTrue();
        assertThat(id.path("email_verified").asBoolean()).isTrue();
        assertThat(id.path("name").asText()).isEqualTo("RESPONDER Person");
        assertThat(id.has("phone_number")).isFalse();
        assertThat(id.has("phone_number_verified")).isFalse();
    }

    @Test
    void aPhoneNumberSetByAnAdminIsInTheTokenAsNotVerified() {
        String phoned = realm.createUser("Phoned@Example.test", "Phone Person", "USER");
        Http.Reply edit = realm.apiAs("admin@example.test").put("/users/" + phoned + "/profile",
                Map.of("phone_number", "+14155550100", "zoneinfo", "Europe/Berlin"));
        assertThat(edit.status()).as(edit.toString()).isEqualTo(200);
        for (JsonNode claims : List.of(realm.login("phoned@example.test").id(), realm.login("phoned@example.test").access())) {
            assertThat(claims.path("phone_number").asText()).isEqualTo("+14155550100");
            assertThat(claims.path("phone_number_verified").isBoolean()).as(claims.toString()).isTrue();
            assertThat(claims.path("phone_number_verified").asBoolean()).isFalse();
            assertThat(claims.path("zoneinfo").asText()).isEqualTo("Europe/Berlin");
        }
    }

    @Test
    void clientCreatedAfterImportGetsTheClaims() {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("late-client");
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        TestRealm.idOf(realm.resource().clients().create(client));
        Tokens tokens = Tokens.from(Http.form(realm.tokenUrl(), Map.of("grant_type", "password", "client_id", "late-client",
                "username", "admin@example.test", "password", TestRealm.PASSWORD, "scope", "openid")));
        assertCells(tokens.access(), Role.ADMIN, "late client access token");
        assertCells(tokens.id(), Role.ADMIN, "late client ID token");
    }

    @Test
    void keycloaksBuiltInClientsGetTheClaimsToo() {
        // The account console is created by Keycloak before the realm's own scopes are imported.
        String accountConsole = realm.resource().clients().findByClientId("account-console").get(0).getId();
        assertThat(realm.resource().clients().get(accountConsole).getDefaultClientScopes())
                .anyMatch(s -> s.getName().equals("opsknight"));
        // admin-cli (built in, direct grant): its ID token carries the claims.
        Tokens tokens = Tokens.from(Http.form(realm.tokenUrl(), Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", "responder@example.test", "password", TestRealm.PASSWORD, "scope", "openid")));
        assertCells(tokens.id(), Role.RESPONDER, "admin-cli ID token");
    }
}
