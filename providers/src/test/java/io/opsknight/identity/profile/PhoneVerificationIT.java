package io.opsknight.identity.profile;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.common.Digests;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Db;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.SmsGateway;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Phone verification against WireMock as the Twilio-shaped SMS gateway. */
@OpsKnightIT
class PhoneVerificationIT {

    /** A user with this number, stubbed to answer {@code status} (after {@code delayMillis}). */
    private static Api userWithPhone(TestRealm realm, String email, String phone, int status, int delayMillis) {
        SmsGateway.answer(phone, status, delayMillis);
        realm.createUser(email, "Phone Person", "USER");
        Api me = realm.apiAs(email);
        assertThat(me.put("/me/profile", Map.of("phone_number", phone)).status()).isEqualTo(200);
        return me;
    }

    @Test
    void codeByGatewayVerifiesTheNumberAndTheTokenSaysSo() {
        try (TestRealm realm = TestRealm.create()) {
            String phone = "+14155550111";
            realm.createUser("vic@example.test", "Vic", "USER");
            SmsGateway.server().stubFor(post(urlEqualTo(SmsGateway.PATH)).withRequestBody(containing("To=%2B14155550111"))
                    .willReturn(aResponse().withStatus(201).withBody("{}")));
            Tokens tokens = realm.login("vic@example.test");
            Api me = realm.api(tokens.accessToken());
            assertThat(me.put("/me/profile", Map.of("phone_number", phone)).status()).isEqualTo(200);
            assertThat(me.put("/me/preferences", Map.of("notify_sms", true)).status()).isEqualTo(400);

            Http.Reply sent = me.post("/me/phone/verification", null);
            assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
            assertThat(sent.json().get("expiresAt").asText()).endsWith("Z");

            LoggedRequest request = SmsGateway.sentTo(phone).get(0);
            String form = URLDecoder.decode(request.getBodyAsString(), StandardCharsets.UTF_8);
            assertThat(form).contains("To=" + phone).contains("From=" + SmsGateway.FROM);
            assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                    (SmsGateway.ACCOUNT_SID + ":" + SmsGateway.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)));
            String code = SmsGateway.lastCode(phone);

            String wrong = code.equals("000000") ? "111111" : "000000";
            Http.Reply refused = me.post("/me/phone/verification/confirm", Map.of("code", wrong));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).isEqualTo("invalid_code");

            Http.Reply ok = me.post("/me/phone/verification/confirm", Map.of("code", code));
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            assertThat(ok.json().get("phone_number_verified").asBoolean()).isTrue();
            assertThat(me.put("/me/preferences", Map.of("notify_sms", true, "notify_whatsapp", true)).status()).isEqualTo(200);

            Tokens next = Tokens.from(realm.refresh(tokens.refreshToken()));
            assertThat(next.access().get("phone_number_verified").asBoolean()).isTrue();

            // A new number is not verified, and its phone channels are off until it is.
            Http.Reply changed = me.put("/me/profile", Map.of("phone_number", "+14155550112"));
            assertThat(changed.json().get("phone_number_verified").asBoolean()).isFalse();
            assertThat(changed.json().get("notify_sms").asBoolean()).isFalse();
        }
    }

    @Test
    void fiveTriesPerCodeAndThreeSendsPerHour() {
        try (TestRealm realm = TestRealm.create()) {
            String phone = "+14155550121";
            Api me = userWithPhone(realm, "tri@example.test", phone, 201, 0);
            assertThat(me.post("/me/phone/verification", null).status()).isEqualTo(202);
            String code = SmsGateway.lastCode(phone);
            String wrong = code.equals("000000") ? "111111" : "000000";
            for (int i = 1; i <= 4; i++) {
                assertThat(me.post("/me/phone/verification/confirm", Map.of("code", wrong)).status()).as("try %d", i).isEqualTo(400);
            }
            assertThat(me.post("/me/phone/verification/confirm", Map.of("code", wrong)).status()).isEqualTo(429);
            Http.Reply late = me.post("/me/phone/verification/confirm", Map.of("code", code));
            assertThat(late.status()).as(late.toString()).isEqualTo(429);
            assertThat(me.get("/me").json().get("phone_number_verified").asBoolean()).isFalse();

            assertThat(me.post("/me/phone/verification", null).status()).isEqualTo(202);
            assertThat(me.post("/me/phone/verification", null).status()).isEqualTo(202);
            Http.Reply fourth = me.post("/me/phone/verification", null);
            assertThat(fourth.status()).as(fourth.toString()).isEqualTo(429);
            assertThat(SmsGateway.sentTo(phone)).hasSize(3);
        }
    }

    @Test
    void oneNumberAndOneRealmHaveHourlyLimitsWhateverTheAccounts() {
        try (TestRealm realm = TestRealm.create()) {
            // Two accounts, one number: the number gets at most MAX_PER_NUMBER codes an hour, whoever asks.
            String shared = "+14155550151";
            Api one = userWithPhone(realm, "one@example.test", shared, 201, 0);
            Api two = userWithPhone(realm, "two@example.test", shared, 201, 0);
            for (int i = 1; i <= 3; i++) {
                assertThat(one.post("/me/phone/verification", null).status()).as("send %d", i).isEqualTo(202);
            }
            assertThat(two.post("/me/phone/verification", null).status()).isEqualTo(202);
            Http.Reply number = two.post("/me/phone/verification", null);
            assertThat(number.status()).as(number.toString()).isEqualTo(429);
            assertThat(number.json().path("error").asText()).isEqualTo("too_many_codes_for_number");
            assertThat(SmsGateway.sentTo(shared)).hasSize(SmsGateway.MAX_PER_NUMBER);

            // The realm: MAX_PER_REALM codes an hour over all numbers (the refused one above did not count).
            Api three = userWithPhone(realm, "three@example.test", "+14155550152", 201, 0);
            assertThat(three.post("/me/phone/verification", null).status()).isEqualTo(202);
            assertThat(three.post("/me/phone/verification", null).status()).isEqualTo(202);
            Http.Reply whole = three.post("/me/phone/verification", null);
            assertThat(whole.status()).as(whole.toString()).isEqualTo(429);
            assertThat(whole.json().path("error").asText()).isEqualTo("too_many_codes_for_realm");
            assertThat(SmsGateway.sentTo("+14155550152")).hasSize(2);
        }
    }

    @Test
    void theStoredCodeDigestIsKeyed() {
        Assumptions.assumeTrue(Db.readable(), "reads the table over JDBC: PostgreSQL only");
        try (TestRealm realm = TestRealm.create()) {
            String phone = "+14155550161";
            Api me = userWithPhone(realm, "keyed@example.test", phone, 201, 0);
            String userId = me.get("/me").json().path("id").asText();
            assertThat(me.post("/me/phone/verification", null).status()).isEqualTo(202);
            String code = SmsGateway.lastCode(phone);
            String stored = String.valueOf(Db.query("select code_hash from ok_phone_verification where user_id = ?", userId)
                    .get(0).get("code_hash"));
            String plain = userId + "|" + phone + "|" + code;
            // A plain digest of a six-digit code falls to a million tries; the keyed one needs the server's key.
            assertThat(stored).isNotEqualTo(Digests.sha256Hex(plain));
            String key = String.valueOf(Db.query("select secret from ok_server_secret where name = 'sms-code-key'").get(0).get("secret"));
            assertThat(stored).isEqualTo(Digests.hmacSha256Hex(key, plain));
            assertThat(me.post("/me/phone/verification/confirm", Map.of("code", code)).status()).isEqualTo(200);
        }
    }

    @Test
    void gatewayFailureAndTimeoutAre502AndNothingIsVerified() {
        try (TestRealm realm = TestRealm.create()) {
            String down = "+14155550131";
            Api me = userWithPhone(realm, "down@example.test", down, 503, 0);
            Http.Reply failed = me.post("/me/phone/verification", null);
            assertThat(failed.status()).as(failed.toString()).isEqualTo(502);
            assertThat(failed.json().get("error").asText()).isEqualTo("sms_gateway_failed");
            String code = SmsGateway.lastCode(down);
            Http.Reply confirm = me.post("/me/phone/verification/confirm", Map.of("code", code));
            assertThat(confirm.status()).as(confirm.toString()).isEqualTo(409);
            assertThat(me.get("/me").json().get("phone_number_verified").asBoolean()).isFalse();

            String slow = "+14155550132";
            Api slowMe = userWithPhone(realm, "slow@example.test", slow, 201, SmsGateway.TIMEOUT_MILLIS * 2);
            Http.Reply timedOut = slowMe.post("/me/phone/verification", null);
            assertThat(timedOut.status()).as(timedOut.toString()).isEqualTo(502);
            assertThat(slowMe.post("/me/phone/verification/confirm", Map.of("code", SmsGateway.lastCode(slow))).status()).isEqualTo(409);
            assertThat(slowMe.get("/me").json().get("phone_number_verified").asBoolean()).isFalse();
        }
    }

    @Test
    void expiredCodeIsRefused() throws InterruptedException {
        try (TestRealm realm = TestRealm.create()) {
            String phone = "+14155550141";
            Api me = userWithPhone(realm, "exp@example.test", phone, 201, 0);
            assertThat(me.post("/me/phone/verification", null).status()).isEqualTo(202);
            String code = SmsGateway.lastCode(phone);
            // Waits out the test server's code lifespan (code-lifespan-seconds), not an ordering.
            Thread.sleep((SmsGateway.CODE_LIFESPAN_SECONDS + 1) * 1000L);
            Http.Reply expired = me.post("/me/phone/verification/confirm", Map.of("code", code));
            assertThat(expired.status()).as(expired.toString()).isEqualTo(410);
            assertThat(me.get("/me").json().get("phone_number_verified").asBoolean()).isFalse();
        }
    }

    /**
     * Two first sends for one user at once: the second insert of the verification row waits for the
     * first and then meets its primary key. The test plays the first (an open transaction holding the
     * inserted row), so the server's request is the second, every time.
     */
    @Test
    void parallelFirstSendsDoNotFail() throws Exception {
        assumeTrue(Db.readable(), "holds a row lock from the test: PostgreSQL only");
        try (TestRealm realm = TestRealm.create()) {
            String phone = "+14155550151";
            Api me = userWithPhone(realm, "twin@example.test", phone, 201, 0);
            String userId = me.get("/me").json().get("id").asText();
            String realmId = realm.resource().toRepresentation().getId();
            CompletableFuture<Http.Reply> send;
            try (Db.Held first = Db.hold("insert into OK_PHONE_VERIFICATION (USER_ID, REALM_ID, ATTEMPTS, SENDS)"
                    + " values (?, ?, 0, 0)", userId, realmId)) {
                send = CompletableFuture.supplyAsync(() -> me.post("/me/phone/verification", null));
                first.awaitWaiters(1);
            }
            Http.Reply sent = send.get(60, TimeUnit.SECONDS);
            assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
            assertThat(me.post("/me/phone/verification/confirm", Map.of("code", SmsGateway.lastCode(phone))).status()).isEqualTo(200);
        }
    }

    /**
     * A confirm and a change of the number at once: the confirm read the old number; the change must
     * not end up marked verified. The test holds the verification row so that the confirm is sure to
     * wait while the change runs.
     */
    @Test
    void aNumberChangedDuringConfirmStaysUnverified() throws Exception {
        assumeTrue(Db.readable(), "holds a row lock from the test: PostgreSQL only");
        try (TestRealm realm = TestRealm.create()) {
            String phone = "+14155550161";
            String other = "+14155550162";
            Api me = userWithPhone(realm, "swap@example.test", phone, 201, 0);
            assertThat(me.post("/me/phone/verification", null).status()).isEqualTo(202);
            String code = SmsGateway.lastCode(phone);
            String userId = me.get("/me").json().get("id").asText();
            CompletableFuture<Http.Reply> confirm;
            CompletableFuture<Http.Reply> change;
            try (Db.Held held = Db.hold("select * from OK_PHONE_VERIFICATION where USER_ID = ? for update", userId)) {
                confirm = CompletableFuture.supplyAsync(() -> me.post("/me/phone/verification/confirm", Map.of("code", code)));
                held.awaitWaiters(1);
                change = CompletableFuture.supplyAsync(() -> me.put("/me/profile", Map.of("phone_number", other)));
                // The change either completes (it takes no part in the lock) or queues behind the confirm.
                long until = System.currentTimeMillis() + 60_000;
                while (!change.isDone() && Db.Held.waiters() < 2 && System.currentTimeMillis() < until) {
                    Thread.onSpinWait();
                }
            }
            assertThat(change.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
            int confirmed = confirm.get(60, TimeUnit.SECONDS).status();
            assertThat(confirmed).isIn(200, 409);
            JsonNode after = me.get("/me").json();
            assertThat(after.get("phone_number").asText()).isEqualTo(other);
            assertThat(after.get("phone_number_verified").asBoolean()).as("the new number was never proven").isFalse();
        }
    }
}
