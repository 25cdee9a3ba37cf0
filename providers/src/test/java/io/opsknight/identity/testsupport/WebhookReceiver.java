package io.opsknight.identity.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * The webhook receiver of the test server (WireMock): answers 200 to every delivery unless a test
 * adds a stub of higher priority (a failing or slow receiver for its own users' events).
 */
public final class WebhookReceiver {

    public static final String PATH = "/opsknight-hooks";
    public static final String SECRET = "it-webhook-secret-9f2c61d0a8";
    /** Short retries on the test server: 1 s, then 2 s, 5 attempts in all. */
    public static final int MAX_ATTEMPTS = 5;
    public static final int TIMEOUT_MILLIS = 1500;

    private static WireMockServer server;

    private WebhookReceiver() {
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
            server.start();
            server.stubFor(post(urlEqualTo(PATH)).atPriority(10).willReturn(aResponse().withStatus(200)));
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    public static String url() {
        return "http://127.0.0.1:" + server().port() + PATH;
    }

    /** Every delivery attempt received so far (also the failed ones). */
    public static List<LoggedRequest> requests() {
        return server().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo(PATH)));
    }

    public static JsonNode body(LoggedRequest request) {
        try {
            return JsonSerialization.mapper.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The deliveries of this test server whose body has the marker (a user id, or {@link #realmMarker}), oldest first. */
    public static List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> served(String marker,
            java.util.function.Predicate<com.github.tomakehurst.wiremock.stubbing.ServeEvent> which) {
        List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> all = new java.util.ArrayList<>(server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(PATH))
                .filter(e -> e.getRequest().getBodyAsString().contains(marker))
                .filter(which)
                .toList());
        java.util.Collections.reverse(all); // WireMock lists newest first
        return all;
    }

    /** The deliveries answered 2xx whose body has the marker, oldest first. */
    public static List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> delivered(String marker) {
        return served(marker, e -> e.getResponse().getStatus() / 100 == 2);
    }

    /** Until removed, deliveries of this realm's events get this answer instead of 200 (a receiver that is down or slow). */
    public static com.github.tomakehurst.wiremock.stubbing.StubMapping answerRealm(String realm,
            com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        return server().stubFor(post(urlEqualTo(PATH)).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(realm)).willReturn(answer));
    }

    /** The body marker of one realm's events. */
    public static String realmMarker(String realm) {
        return "\"realm\":\"" + realm + "\"";
    }
}
