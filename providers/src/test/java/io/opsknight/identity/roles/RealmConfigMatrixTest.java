package io.opsknight.identity.roles;

import io.opsknight.identity.claims.OpsKnightClaimsMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** realm-config and the Java matrix must say the same thing. */
class RealmConfigMatrixTest {

    private static JsonNode realm() throws IOException {
        return new ObjectMapper().readTree(Path.of("../realm-config/opsknight-realm.json").toFile());
    }

    @Test
    void realmRolesAreCompositesOfExactlyTheirPermissions() throws IOException {
        JsonNode realmRoles = realm().path("roles").path("realm");
        for (Role role : Role.values()) {
            JsonNode rep = null;
            for (JsonNode r : realmRoles) {
                if (r.path("name").asText().equals(role.name())) {
                    rep = r;
                }
            }
            assertThat(rep).as("realm role %s", role).isNotNull();
            List<String> composites = new ArrayList<>();
            rep.path("composites").path("client").path(Permission.CLIENT_ID).forEach(n -> composites.add(n.asText()));
            assertThat(composites).as("composites of %s", role).containsExactlyInAnyOrderElementsOf(role.permissionKeys());
            assertThat(rep.path("composites").path("realm").size()).as("no realm composites in %s", role).isZero();
        }
    }

    @Test
    void clientRolesAreExactlyThePermissions() throws IOException {
        List<String> clientRoles = new ArrayList<>();
        realm().path("roles").path("client").path(Permission.CLIENT_ID).forEach(n -> clientRoles.add(n.path("name").asText()));
        assertThat(clientRoles).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Permission.values()).map(Permission::key).toList());
    }

    @Test
    void claimsScopeIsARealmDefault() throws IOException {
        JsonNode realm = realm();
        List<String> defaults = new ArrayList<>();
        realm.path("defaultDefaultClientScopes").forEach(n -> defaults.add(n.asText()));
        assertThat(defaults).contains("opsknight");
        assertThat(realm.path("clientScopes").findValuesAsText("protocolMapper")).contains(OpsKnightClaimsMapper.PROVIDER_ID);
    }

    @Test
    void apiTokenClientGetsNoRolesAndNoOtherAudience() throws IOException {
        JsonNode realm = realm();
        JsonNode client = null;
        for (JsonNode c : realm.path("clients")) {
            if (c.path("clientId").asText().equals("opsknight-api")) {
                client = c;
            }
        }
        assertThat(client).isNotNull();
        // Full scope would put every role of the owner, and each role's client as an audience, into its tokens.
        assertThat(client.path("fullScopeAllowed").asBoolean(true)).isFalse();
        assertThat(realm.path("scopeMappings").findValuesAsText("client")).doesNotContain("opsknight-api");
        assertThat(realm.path("clientScopeMappings").toString()).doesNotContain("opsknight-api");
        List<String> scopes = new ArrayList<>();
        client.path("defaultClientScopes").forEach(n -> scopes.add(n.asText()));
        assertThat(scopes).contains("opsknight").doesNotContain("roles", "web-origins", "microprofile-jwt");
        assertThat(client.path("optionalClientScopes").size()).isZero();
    }
}
