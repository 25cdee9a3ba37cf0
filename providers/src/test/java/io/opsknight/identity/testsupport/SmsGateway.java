package io.opsknight.identity.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

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
}
