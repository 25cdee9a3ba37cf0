package io.opsknight.identity.testsupport;

import java.util.List;

/**
 * Server options the test server starts with: our SPI options set for testability (short
 * lifespans and the like). Feature issues add theirs here, one place.
 */
public final class TestServerOptions {

    /** The setup key of the test server: every /setup POST in the tests must send it (setup/SetupIT). */
    public static final String SETUP_KEY = "it-setup-key-7Qm2vX9pL4rT8wZ1";

    static final List<String> ALL = List.of(
            // Not the default 7, so that InvitationsIT proves the option reaches the invitation provider.
            "--spi-action-token-handler--opsknight-invitation--lifespan-days=6",
            "--spi-opsknight-setup--default--setup-key=" + SETUP_KEY,
            // Phone verification sends through WireMock (profile/PhoneVerificationIT).
            "--spi-opsknight-sms--twilio--url=" + SmsGateway.url(),
            "--spi-opsknight-sms--twilio--account-sid=" + SmsGateway.ACCOUNT_SID,
            "--spi-opsknight-sms--twilio--auth-token=" + SmsGateway.AUTH_TOKEN,
            "--spi-opsknight-sms--twilio--from=" + SmsGateway.FROM,
            "--spi-opsknight-sms--twilio--timeout-millis=" + SmsGateway.TIMEOUT_MILLIS,
            "--spi-opsknight-sms--twilio--code-lifespan-seconds=" + SmsGateway.CODE_LIFESPAN_SECONDS
    );

    private TestServerOptions() {
    }
}
