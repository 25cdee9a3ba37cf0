package io.opsknight.identity.testsupport;

import java.util.List;

/**
 * Server options the test server starts with: our SPI options set for testability (short
 * lifespans and the like). Feature issues add theirs here, one place.
 */
public final class TestServerOptions {

    /**
     * The test server configures no setup key, as a default install: each realm's key is made by the server
     * and read from its log (setup/SetupIT). A form field with this marker value is replaced by that key.
     */
    public static final String SETUP_KEY = "it-realm-setup-key-from-the-log";

    /**
     * Attempts of an email before it is DEAD on the test server (1 s, 2 s, 2 s ... apart: about 39 s). Long
     * enough that 200 invitations made while the mail server is down are all still retried when it is back.
     */
    public static final int EMAIL_MAX_ATTEMPTS = 20;

    /** The one realm whose people created through SCIM are INVITED (scim/ScimInviteIT). */
    public static final String SCIM_INVITE_REALM = "ok-scim-invite";

    static final List<String> ALL = List.of(
            // Keycloak's SCIM API (a preview feature), provisioning through it (scim/ScimProvisioningIT).
            // Nothing answers under /scim until a realm turns its SCIM switch on, so other tests see no change.
            "--features=scim-api",
            "--spi-opsknight-scim--default--invite-realms=" + SCIM_INVITE_REALM,
            // Not the default 7, so that InvitationsIT proves the option reaches the invitation provider.
            "--spi-action-token-handler--opsknight-invitation--lifespan-days=6",
            // Phone verification sends through WireMock (profile/PhoneVerificationIT).
            "--spi-opsknight-sms--twilio--url=" + SmsGateway.url(),
            "--spi-opsknight-sms--twilio--account-sid=" + SmsGateway.ACCOUNT_SID,
            "--spi-opsknight-sms--twilio--auth-token=" + SmsGateway.AUTH_TOKEN,
            "--spi-opsknight-sms--twilio--from=" + SmsGateway.FROM,
            "--spi-opsknight-sms--twilio--timeout-millis=" + SmsGateway.TIMEOUT_MILLIS,
            "--spi-opsknight-sms--twilio--code-lifespan-seconds=" + SmsGateway.CODE_LIFESPAN_SECONDS,
            // Small per-number and per-realm hourly limits that a test reaches in a few sends.
            "--spi-opsknight-sms--twilio--max-per-number-per-hour=" + SmsGateway.MAX_PER_NUMBER,
            "--spi-opsknight-sms--twilio--max-per-realm-per-hour=" + SmsGateway.MAX_PER_REALM,
            // Every event is delivered to WireMock, with short retries (audit/WebhooksIT).
            "--spi-opsknight-audit--default--webhook-urls=" + WebhookReceiver.url(),
            "--spi-opsknight-audit--default--webhook-secret=" + WebhookReceiver.SECRET,
            "--spi-opsknight-audit--default--webhook-max-attempts=" + WebhookReceiver.MAX_ATTEMPTS,
            "--spi-opsknight-audit--default--webhook-timeout-millis=" + WebhookReceiver.TIMEOUT_MILLIS,
            "--spi-opsknight-audit--default--webhook-backoff-initial-seconds=1",
            "--spi-opsknight-audit--default--webhook-backoff-max-seconds=2",
            "--spi-opsknight-outbox--default--poll-interval-millis=500",
            // Email retries in seconds, not minutes (outbox/EmailOutboxIT).
            "--spi-opsknight-outbox--default--email-max-attempts=" + EMAIL_MAX_ATTEMPTS,
            "--spi-opsknight-outbox--default--email-backoff-initial-seconds=1",
            "--spi-opsknight-outbox--default--email-backoff-max-seconds=2"
    );

    private TestServerOptions() {
    }
}
