package io.opsknight.identity.profile;

import io.opsknight.identity.users.MeResource;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.rest.ApiErrors;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server without SMS gateway (no {@code --spi-opsknight-sms--twilio--url}): {@code POST /me/phone/verification}
 * answers 503 {@code sms_not_configured} and nothing is read or stored.
 * <p>
 * Unit level on purpose: the gateway is a server option, and the IT server is started once with WireMock as
 * its gateway (PhoneVerificationIT). A second server without it would cost a distribution copy, a rebuild and a
 * start (about a minute) for this one answer. What the IT server already proves is the rest of the path:
 * {@code MeResource} maps the refusals of {@link PhoneVerification#send} through {@link ApiErrors} (502 there).
 */
class SmsNotConfiguredTest {

    /** The factory as Keycloak initialises it from a server configuration with no option of ours. */
    private static SmsSender unconfigured() {
        TwilioSmsSenderFactory factory = new TwilioSmsSenderFactory();
        factory.init(new MapScope(Map.of()));
        return factory.create(null);
    }

    @Test
    void withoutUrlTheGatewayIsNotConfiguredAndRefusesToSend() {
        SmsSender sms = unconfigured();
        assertThat(sms.configured()).isFalse();
        assertThatThrownBy(() -> sms.send("+14155550100", "hello"))
                .isInstanceOfSatisfying(OpsKnightException.class, e -> {
                    assertThat(e.reason()).isEqualTo(OpsKnightException.Reason.UNAVAILABLE);
                    assertThat(e.code()).isEqualTo("sms_not_configured");
                });
        TwilioSmsSenderFactory blank = new TwilioSmsSenderFactory();
        blank.init(new MapScope(Map.of("url", "  ")));
        assertThat(blank.create(null).configured()).as("a blank URL is no URL").isFalse();
        assertThat(blank.getOperationalInfo()).containsEntry("configured", "false");
    }

    @Test
    void withUrlTheGatewayIsConfigured() {
        TwilioSmsSenderFactory factory = new TwilioSmsSenderFactory();
        factory.init(new MapScope(Map.of("url", "https://sms.example.test/Messages.json")));
        assertThat(factory.create(null).configured()).isTrue();
        assertThat(factory.getOperationalInfo()).containsEntry("configured", "true");
    }

    @Test
    void sendingACodeAnswers503WithAClearMessageAndTouchesNothing() {
        SmsSender sms = unconfigured();
        // Anything beyond asking for the SMS provider (reading the user, locking or writing the code row) fails the test.
        KeycloakSession session = strict(KeycloakSession.class, (method, args) ->
                method.equals("getProvider") && args.length == 1 && args[0] == SmsSender.class ? sms : null);
        UserModel user = strict(UserModel.class, (method, args) -> null);

        assertThatThrownBy(() -> PhoneVerification.send(session, null, user))
                .isInstanceOfSatisfying(OpsKnightException.class, e -> {
                    assertThat(ApiErrors.status(e.reason())).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("sms_not_configured");
                    assertThat(e.getMessage()).contains("Phone verification is not available").contains("no SMS gateway is configured");
                });
    }

    /** A proxy that answers what {@code answers} returns and fails on any other call. */
    @SuppressWarnings("unchecked")
    private static <T> T strict(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            Object[] a = args == null ? new Object[0] : args;
            if (method.getName().equals("toString")) {
                return type.getSimpleName() + " (strict test proxy)";
            }
            Object answer = answers.apply(method.getName(), a);
            if (answer == null) {
                throw new AssertionError("unexpected call " + type.getSimpleName() + "." + method.getName());
            }
            return answer;
        });
    }

    /** Keycloak's {@code Config.Scope} over a map (the server options of one provider). */
    private static final class MapScope extends Config.AbstractScope {

        private final Map<String, String> values;

        MapScope(Map<String, String> values) {
            this.values = values;
        }

        @Override
        public String get(String key) {
            return values.get(key);
        }

        @Override
        public Config.Scope scope(String... scope) {
            return new MapScope(Map.of());
        }

        @Override
        public Set<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public Config.Scope root() {
            return this;
        }
    }
}
