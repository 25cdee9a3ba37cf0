package io.opsknight.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Admin;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.TestRealm;
import org.keycloak.representations.idm.ClientRepresentation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Calls a test realm's SCIM API the way an identity provider does: the three steps of docs/scim.md (feature on
 * in the test server, the realm's SCIM switch, client opsknight-scim enabled with a secret), then a
 * client-credentials token and plain HTTP with {@code application/scim+json}.
 */
final class ScimClient {

    static final String SECRET = "it-scim-client-secret";
    static final String CLIENT_ID = "opsknight-scim";
    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final TestRealm realm;
    private String token;
    private long tokenAt;

    private ScimClient(TestRealm realm) {
        this.realm = realm;
    }

    /** Turns SCIM on for the realm and signs in as its identity provider. */
    static ScimClient connect(TestRealm realm) {
        String admin = Admin.client().tokenManager().getAccessTokenString();
        String base = realm.url().replace("/realms/" + realm.name(), "");
        Http.Reply on = Http.send("PUT", base + "/admin/realms/" + realm.name(), admin, "application/json",
                "{\"scimApiEnabled\":true}");
        if (on.status() != 204) {
            throw new AssertionError("Realm SCIM switch: " + on);
        }
        ClientRepresentation client = realm.resource().clients().findByClientId(CLIENT_ID).get(0);
        client.setEnabled(true);
        client.setSecret(SECRET);
        realm.resource().clients().get(client.getId()).update(client);
        return new ScimClient(realm);
    }

    /** A client-credentials token, fetched again before its 5 minutes are up, as an identity provider does. */
    String token() {
        if (token == null || System.currentTimeMillis() - tokenAt > 120_000) {
            Http.Reply granted = Http.form(realm.tokenUrl(), Map.of("grant_type", "client_credentials",
                    "client_id", CLIENT_ID, "client_secret", SECRET));
            if (granted.status() != 200) {
                throw new AssertionError("client_credentials: " + granted);
            }
            token = granted.json().path("access_token").asText();
            tokenAt = System.currentTimeMillis();
        }
        return token;
    }

    String base() {
        return realm.url() + "/scim/v2";
    }

    Http.Reply createUser(String email, String given, String family, boolean active) {
        return send("POST", "/Users", Http.json(Map.of("schemas", List.of(USER_SCHEMA), "userName", email,
                "name", Map.of("givenName", given, "familyName", family),
                "emails", List.of(Map.of("value", email, "primary", true)), "active", active)));
    }

    Http.Reply createGroup(String name) {
        return send("POST", "/Groups", Http.json(Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", name)));
    }

    Http.Reply setActive(String userId, boolean active) {
        return patch("/Users/" + userId, Map.of("op", "replace", "path", "active", "value", active));
    }

    /** Okta and Entra ID push role changes as a PATCH of the group's members. */
    Http.Reply addMember(String groupId, String userId) {
        return patch("/Groups/" + groupId, Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", userId))));
    }

    Http.Reply removeMember(String groupId, String userId) {
        return patch("/Groups/" + groupId, Map.of("op", "remove", "path", "members[value eq \"" + userId + "\"]"));
    }

    Http.Reply patch(String path, Map<String, ?>... operations) {
        return send("PATCH", path, Http.json(Map.of("schemas", List.of(PATCH_SCHEMA), "Operations", List.of(operations))));
    }

    Http.Reply delete(String path) {
        return send("DELETE", path, null);
    }

    Http.Reply get(String path) {
        return send("GET", path, null);
    }

    Http.Reply send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token()).header("Accept", "application/scim+json");
        if (body != null) {
            b.header("Content-Type", "application/scim+json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Reply(r.statusCode(), r.body(), r.headers().map());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    static String id(Http.Reply created) {
        if (created.status() != 201) {
            throw new AssertionError("SCIM create: " + created);
        }
        JsonNode json = created.json();
        return json.path("id").asText();
    }
}
