package io.opsknight.identity.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMS gateway of the test server: one WireMock per test JVM, started before the server so that
 * its URL can be a server option (see TestServerOptions). Tests stub and read requests on {@link #server()}.
 */
public final class SmsGateway {

    public static final String PATH = "/2010-04-01/Accounts/AC-test/Messages.json";
    public static final String ACCOUNT_SID = "AC-test";
    public static final String AUTH_TOKEN = "sms-test-token";
    public static final String FROM = "+15005550006";
    /** The gateway call's timeout on the test server; a stub delayed longer is a timeout. */
    public static final int TIMEOUT_MILLIS = 2000;
    /** The code lifespan on the test server (seconds), short enough for the expiry test. */
    public static final int CODE_LIFESPAN_SECONDS = 20;
    /** Codes per number and per realm per hour on the test server (profile/PhoneVerificationIT). */
    public static final int MAX_PER_NUMBER = 4;
    public static final int MAX_PER_REALM = 6;

    private static final Pattern CODE = Pattern.compile("Body=.*?([0-9]{6})");
    private static WireMockServer server;

    private SmsGateway() {
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    public static String url() {
        return "http://127.0.0.1:" + server().port() + PATH;
    }

    /** Messages to {@code phone} are answered with {@code status} after {@code delayMillis}. */
    public static void answer(String phone, int status, int delayMillis) {
        server().stubFor(WireMock.post(WireMock.urlEqualTo(PATH))
                .withRequestBody(WireMock.containing("To=" + formEncoded(phone)))
                .willReturn(WireMock.aResponse().withStatus(status).withFixedDelay(delayMillis)
                        .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"SM1\"}")));
    }

    /** The messages the server sent to {@code phone}. */
    public static List<LoggedRequest> sentTo(String phone) {
        return server().findAll(WireMock.postRequestedFor(WireMock.urlEqualTo(PATH))
                .withRequestBody(WireMock.containing("To=" + formEncoded(phone))));
    }

    /** The 6-digit code of the last message to {@code phone}. */
    public static String lastCode(String phone) {
        List<LoggedRequest> sent = sentTo(phone);
        if (sent.isEmpty()) {
            throw new AssertionError("No message to " + phone);
        }
        String body = URLDecoder.decode(sent.get(sent.size() - 1).getBodyAsString(), StandardCharsets.UTF_8);
        Matcher m = CODE.matcher(body);
        if (!m.find()) {
            throw new AssertionError("No code in: " + body);
        }
        return m.group(1);
    }

    /** A phone number as the gateway receives it in its form body ("+" is "%2B"). */
    public static String formEncoded(String phone) {
        return URLEncoder.encode(phone, StandardCharsets.UTF_8);
    }
}
