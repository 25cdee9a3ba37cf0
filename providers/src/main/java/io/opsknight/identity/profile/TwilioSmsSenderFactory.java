package io.opsknight.identity.profile;

import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.common.OpsKnightFactory;
import io.opsknight.identity.common.OpsKnightVersion;
import io.opsknight.identity.common.OptionList;
import org.apache.http.NameValuePair;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.entity.UrlEncodedFormEntity;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.message.BasicNameValuePair;
import org.apache.http.util.EntityUtils;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * SMS through an HTTP form POST in the shape of Twilio's Messages API: {@code POST <url>} with
 * {@code To}, {@code From}, {@code Body}, HTTP Basic auth of account SID and auth token, sent through
 * Keycloak's HttpClientProvider (its proxy and trust settings apply). Any 2xx is delivered; other
 * answers, connection errors and timeouts are a peer failure (502 to the caller). Without a URL the
 * gateway is not configured.
 */
public class TwilioSmsSenderFactory implements SmsSenderFactory, OpsKnightFactory<SmsSender> {

    public static final String PROVIDER_ID = "twilio";
    private static final Logger LOG = Logger.getLogger(TwilioSmsSenderFactory.class);

    private String url;
    private String accountSid;
    private String authToken;
    private String from;
    private int timeoutMillis;
    private int codeLifespanSeconds;
    private int maxPerNumberPerHour;
    private int maxPerRealmPerHour;
    private String codeSecret;

    public static final String MAX_PER_NUMBER = "max-per-number-per-hour";
    public static final String MAX_PER_REALM = "max-per-realm-per-hour";
    public static final String CODE_SECRET = "code-secret";
    static final int DEFAULT_MAX_PER_NUMBER = 5;
    static final int DEFAULT_MAX_PER_REALM = 100;

    @Override
    public SmsSender create(KeycloakSession session) {
        return new SmsSender() {
            @Override
            public boolean configured() {
                return url != null;
            }

            @Override
            public void send(String to, String text) {
                if (url == null) {
                    throw OpsKnightException.unavailable("sms_not_configured", "No SMS gateway is configured on this server.");
                }
                HttpPost post = new HttpPost(url);
                post.setConfig(RequestConfig.custom().setConnectTimeout(timeoutMillis).setSocketTimeout(timeoutMillis)
                        .setConnectionRequestTimeout(timeoutMillis).build());
                if (accountSid != null) {
                    String basic = accountSid + ":" + (authToken == null ? "" : authToken);
                    post.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
                }
                List<NameValuePair> form = List.of(new BasicNameValuePair("To", to),
                        new BasicNameValuePair("From", from == null ? "" : from), new BasicNameValuePair("Body", text));
                post.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
                try (CloseableHttpResponse response = session.getProvider(HttpClientProvider.class).getHttpClient().execute(post)) {
                    int status = response.getStatusLine().getStatusCode();
                    EntityUtils.consumeQuietly(response.getEntity());
                    if (status < 200 || status >= 300) {
                        LOG.warnf("SMS gateway answered %d", status);
                        throw OpsKnightException.peerFailed("sms_gateway_failed", "The SMS gateway refused the message (HTTP " + status + ").");
                    }
                } catch (IOException e) {
                    LOG.warnf("SMS gateway unreachable: %s", e.toString());
                    throw OpsKnightException.peerFailed("sms_gateway_failed", "The SMS gateway did not answer in time.");
                }
            }

            @Override
            public int codeLifespanSeconds() {
                return codeLifespanSeconds;
            }

            @Override
            public int maxPerNumberPerHour() {
                return maxPerNumberPerHour;
            }

            @Override
            public int maxPerRealmPerHour() {
                return maxPerRealmPerHour;
            }

            @Override
            public String codeSecret() {
                return codeSecret;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        url = blankToNull(config.get("url"));
        accountSid = blankToNull(config.get("account-sid"));
        authToken = blankToNull(config.get("auth-token"));
        from = blankToNull(config.get("from"));
        timeoutMillis = config.getInt("timeout-millis", 10_000);
        codeLifespanSeconds = config.getInt("code-lifespan-seconds", 600);
        maxPerNumberPerHour = Math.max(1, config.getInt(MAX_PER_NUMBER, DEFAULT_MAX_PER_NUMBER));
        maxPerRealmPerHour = Math.max(1, config.getInt(MAX_PER_REALM, DEFAULT_MAX_PER_REALM));
        codeSecret = blankToNull(config.get(CODE_SECRET));
        if (codeSecret != null && codeSecret.length() < 16) {
            // Never the value: only that it is too short to key anything.
            LOG.warnf("SMS: %s is shorter than 16 characters; use a long random value.", CODE_SECRET);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return OptionList.create()
                .text("url", "Messages URL",
                        "Twilio-shaped Messages endpoint, e.g. https://api.twilio.com/2010-04-01/Accounts/<sid>/Messages.json. Unset: no SMS (503).")
                .text("account-sid", "Account SID", "HTTP Basic user.")
                .secret("auth-token", "Auth token", "HTTP Basic password.")
                .text("from", "From number", "Sender number (E.164).")
                .number("timeout-millis", "Timeout", 10000, "Connect and read timeout of the gateway call, in milliseconds.")
                .number("code-lifespan-seconds", "Code lifespan", 600, "How long a phone verification code is valid, in seconds.")
                .number(MAX_PER_NUMBER, "Codes per number per hour", DEFAULT_MAX_PER_NUMBER,
                        "Verification codes sent to one phone number per hour in a realm, whichever accounts ask.")
                .number(MAX_PER_REALM, "Codes per realm per hour", DEFAULT_MAX_PER_REALM,
                        "Verification codes sent per hour in one realm, all numbers together (caps gateway costs).")
                .secret(CODE_SECRET, "Code digest key",
                        "HMAC key of the stored code digests (16+ characters). Unset: a key made once and kept in the database.")
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", OpsKnightVersion.get(), "configured", String.valueOf(url != null));
    }
}
