package io.opsknight.identity.cluster;

import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.KeycloakServer;
import io.opsknight.identity.testsupport.PageClient;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The two nodes of the cluster suite: node A is the test JVM's server ({@link KeycloakServer#get()}),
 * node B its {@link KeycloakServer#secondNode()}. Both are started once per suite and stop when the JVM
 * ends. Both put node A's URL into tokens and links (one {@code --hostname}, as behind a proxy), so a link
 * or form action is sent to a chosen node with {@link #on}.
 */
final class ClusterNodes {

    /** Infinispan's log line when a node sees a view of two members (ISPN000094). */
    private static final Pattern TWO_MEMBERS = Pattern.compile("Received new cluster view for channel \\S+: \\[[^\\]]*\\] \\(2\\)");
    private static final Pattern ORIGIN = Pattern.compile("^https?://[^/]+");
    private static boolean clustered;

    private ClusterNodes() {
    }

    static KeycloakServer a() {
        return KeycloakServer.get();
    }

    /** Node B, started on first use; waits until both nodes have logged a two-member cluster view. */
    static synchronized KeycloakServer b() {
        KeycloakServer b = KeycloakServer.secondNode();
        if (b == null) {
            throw new IllegalStateException("The cluster suite needs -Dit.db=postgres (profile cluster)");
        }
        if (!clustered && "ispn".equals(System.getProperty("it.cluster.cache", "ispn"))) {
            awaitTwoMemberView(a().log());
            awaitTwoMemberView(b.log());
        }
        clustered = true;
        return b;
    }

    private static void awaitTwoMemberView(Path log) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (TWO_MEMBERS.matcher(Files.readString(log)).find()) {
                    return;
                }
                Thread.sleep(250);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("No two-member Infinispan view in " + log + " after 60 s: the nodes did not form a cluster");
    }

    /** The same URL (a link, a form action) sent to {@code node} instead of the origin it names. */
    static String on(KeycloakServer node, String url) {
        return ORIGIN.matcher(url).replaceFirst(node.baseUrl());
    }

    /** Rewrites a URL to this node, whatever origin it names. */
    static UnaryOperator<String> route(KeycloakServer node) {
        return url -> on(node, url);
    }

    /** A browser without JavaScript pinned to this node. */
    static PageClient browserOn(KeycloakServer node) {
        return new PageClient(route(node));
    }

    static String realmUrl(KeycloakServer node, TestRealm realm) {
        return node.baseUrl() + "/realms/" + realm.name();
    }

    static String tokenUrl(KeycloakServer node, TestRealm realm) {
        return realmUrl(node, realm) + "/protocol/openid-connect/token";
    }

    /** Our REST API on {@code node} with this access token. */
    static Api api(KeycloakServer node, TestRealm realm, String accessToken) {
        return new Api(realmUrl(node, realm) + "/opsknight", accessToken);
    }

    static Http.Reply passwordGrant(KeycloakServer node, TestRealm realm, String username, String password) {
        return Http.form(tokenUrl(node, realm), Map.of("grant_type", "password", "client_id", TestRealm.TEST_CLIENT,
                "username", username, "password", password, "scope", "openid"));
    }

    /** A password grant on {@code node}: the session starts there. */
    static Tokens login(KeycloakServer node, TestRealm realm, String username) {
        return Tokens.from(passwordGrant(node, realm, username, TestRealm.PASSWORD));
    }

    static Http.Reply refresh(KeycloakServer node, TestRealm realm, String refreshToken) {
        return Http.form(tokenUrl(node, realm), Map.of("grant_type", "refresh_token", "client_id", TestRealm.TEST_CLIENT,
                "refresh_token", refreshToken));
    }

    static Http.Reply userinfo(KeycloakServer node, TestRealm realm, String accessToken) {
        return Http.send("GET", realmUrl(node, realm) + "/protocol/openid-connect/userinfo", accessToken, null, null);
    }
}
