package io.opsknight.identity.testsupport;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fresh realm made from realm-config/opsknight-realm.json under a random name, with a public
 * test client ({@value #TEST_CLIENT}) for password grants and browser logins. Deleted on close.
 */
public final class TestRealm implements AutoCloseable {

    public static final String TEST_CLIENT = "test-client";
    public static final String REDIRECT_URI = "http://127.0.0.1:1/callback";
    public static final String PASSWORD = "Correct-Horse-9-Battery";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;

    private TestRealm(String name) {
        this.name = name;
    }

    public static TestRealm create() {
        return create((Mail) null);
    }

    /** @param mail when not null, the realm sends its email through this GreenMail server */
    public static TestRealm create(Mail mail) {
        return create("ok-" + Long.toString(Math.abs(RANDOM.nextLong()), 36), mail);
    }

    /** A realm of a fixed name, for a server option that names realms (one test class per name). */
    public static TestRealm create(String name, Mail mail) {
        RealmRepresentation rep = realmConfig();
        rep.setRealm(name);
        if (mail != null) {
            rep.setSmtpServer(smtpServer(mail.port()));
        }
        Admin.client().realms().create(rep);
        TestRealm realm = new TestRealm(name);
        realm.createTestClient();
        return realm;
    }

    /** The realm's mail server as the tests set it: something on a loopback port. */
    private static Map<String, String> smtpServer(int port) {
        Map<String, String> smtp = new HashMap<>();
        smtp.put("host", "127.0.0.1");
        smtp.put("port", String.valueOf(port));
        smtp.put("from", "opsknight@example.test");
        smtp.put("fromDisplayName", "OpsKnight");
        return smtp;
    }

    /** From now on the realm sends its email to this loopback port (a {@link Mail}, an {@link SmtpGate}, a closed port). */
    public void useSmtp(int port) {
        RealmRepresentation rep = resource().toRepresentation();
        rep.setSmtpServer(smtpServer(port));
        resource().update(rep);
    }

    /** The realm JSON as shipped. */
    public static RealmRepresentation realmConfig() {
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("it.realm.json")))) {
            return JsonSerialization.readValue(in, RealmRepresentation.class);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read realm-config", e);
        }
    }

    private void createTestClient() {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(TEST_CLIENT);
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        client.setStandardFlowEnabled(true);
        client.setRedirectUris(List.of(REDIRECT_URI));
        idOf(resource().clients().create(client));
    }

    public String name() {
        return name;
    }

    public RealmResource resource() {
        return Admin.client().realm(name);
    }

    public String url() {
        return KeycloakServer.get().baseUrl() + "/realms/" + name;
    }

    public String apiUrl() {
        return url() + "/opsknight";
    }

    public String tokenUrl() {
        return url() + "/protocol/openid-connect/token";
    }

    /** An ACTIVE user with a password and one OpsKnight role (null for none). Returns the id. */
    public String createUser(String email, String name, String role) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(email);
        user.setEmail(email);
        user.setFirstName(name);
        user.setEnabled(true);
        user.setEmailVerified(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(PASSWORD);
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        String id = idOf(resource().users().create(user));
        if (role != null) {
            resource().users().get(id).roles().realmLevel().add(List.of(resource().roles().get(role).toRepresentation()));
        }
        return id;
    }

    /**
     * The realm's audit trail through {@code GET /audit?<query>} (our table and Keycloak's events, on every
     * database), read by an ADMIN made for the read and removed after it, so the realm's own people stay as
     * the test left them.
     */
    public List<com.fasterxml.jackson.databind.JsonNode> audit(String query) {
        String email = "it-auditor-" + Long.toString(Math.abs(RANDOM.nextLong()), 36) + "@example.test";
        String id = createUser(email, "Auditor", "ADMIN");
        try {
            Http.Reply reply = apiAs(email).get("/audit?max=100&" + query);
            if (reply.status() != 200) {
                throw new AssertionError("GET /audit?" + query + ": " + reply);
            }
            return java.util.stream.StreamSupport.stream(reply.json().spliterator(), false).toList();
        } finally {
            resource().users().delete(id).close();
        }
    }

    /** How many events of {@code type} the user was the target of. */
    public int auditCount(String userId, String type) {
        return audit("user=" + userId + "&type=" + type).size();
    }

    /** A password grant through the test client, with the correct password (see {@link Logins}). */
    public Tokens login(String username) {
        return Tokens.from(Logins.withCorrectPassword(() -> passwordGrant(username, PASSWORD)));
    }

    public Http.Reply passwordGrant(String username, String password) {
        return Http.form(tokenUrl(), Map.of("grant_type", "password", "client_id", TEST_CLIENT,
                "username", username, "password", password, "scope", "openid"));
    }

    public Http.Reply refresh(String refreshToken) {
        return Http.form(tokenUrl(), Map.of("grant_type", "refresh_token", "client_id", TEST_CLIENT,
                "refresh_token", refreshToken));
    }

    public Http.Reply userinfo(String accessToken) {
        return Http.send("GET", url() + "/protocol/openid-connect/userinfo", accessToken, null, null);
    }

    /** Our API as the holder of this access token (null: anonymous). */
    public Api api(String accessToken) {
        return new Api(apiUrl(), accessToken);
    }

    /** Our API as a freshly logged-in user. */
    public Api apiAs(String username) {
        return api(login(username).accessToken());
    }

    public static String idOf(Response response) {
        try (response) {
            if (response.getStatus() != 201) {
                throw new AssertionError("Create failed: " + response.getStatus() + " " + response.readEntity(String.class));
            }
            String location = response.getLocation().getPath();
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }

    @Override
    public void close() {
        try {
            resource().remove();
        } catch (RuntimeException e) {
            // already gone
        }
    }
}
