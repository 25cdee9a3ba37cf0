package io.opsknight.identity.profile;

import io.opsknight.identity.metrics.Meters;
import io.opsknight.identity.common.Digests;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.throttle.Limits;
import io.opsknight.identity.throttle.Throttles;
import org.jboss.logging.Logger;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Proves that a person holds their {@code phone_number}: a 6-digit code by SMS, valid for the
 * configured lifespan (10 minutes), at most {@value #MAX_ATTEMPTS} tries per code and
 * {@value #MAX_SENDS_PER_HOUR} sends per hour per user, and server-wide limits per destination number and
 * per realm ({@link #takeQuota}). Only an HMAC of the code under a server key is stored ({@link SmsCodeKey}).
 * The row is read with a row lock, so the limits hold across a cluster.
 * <p>
 * {@link #confirm} reports a wrong code as a {@link Result} instead of throwing, so that the counted
 * try is committed with the request.
 */
public final class PhoneVerification {

    private static final Logger LOG = Logger.getLogger(PhoneVerification.class);

    public static final int MAX_ATTEMPTS = 5;
    public static final int MAX_SENDS_PER_HOUR = 3;
    private static final long HOUR_MILLIS = 3_600_000L;
    static final String BY_NUMBER = "sms-number";
    static final String BY_REALM = "sms-realm";

    public enum Result { VERIFIED, WRONG_CODE, EXPIRED, NO_CODE, TOO_MANY_ATTEMPTS }

    private PhoneVerification() {
    }

    /** Sends a new code to the user's number; returns when it expires. */
    public static Instant send(KeycloakSession session, RealmModel realm, UserModel user) {
        SmsSender sms = session.getProvider(SmsSender.class);
        if (sms == null || !sms.configured()) {
            Meters.sms(realm, "not_configured");
            throw OpsKnightException.unavailable("sms_not_configured",
                    "Phone verification is not available: no SMS gateway is configured on this server.");
        }
        String phone = ProfileAttribute.PHONE_NUMBER.rawValue(user);
        if (phone == null) {
            throw OpsKnightException.invalid("phone_number_missing", "phone_number is not set: save a number first.");
        }
        if (Boolean.parseBoolean(ProfileAttribute.PHONE_NUMBER_VERIFIED.rawValue(user))) {
            throw OpsKnightException.conflict("phone_number_verified", "phone_number is already verified.");
        }
        PhoneVerificationEntity row = lockOrCreate(session, realm, user);
        long now = Time.currentTimeMillis();
        if (row.getWindowStart() == null || now - row.getWindowStart() >= HOUR_MILLIS) {
            row.setWindowStart(now);
            row.setSends(0);
        }
        if (row.getSends() >= MAX_SENDS_PER_HOUR) {
            Meters.sms(realm, "throttled");
            throw OpsKnightException.tooMany("too_many_codes", "At most " + MAX_SENDS_PER_HOUR
                    + " codes per hour: try again later.");
        }
        takeQuota(session, realm, sms, phone);
        String code = SecretGenerator.getInstance().randomString(6, "0123456789".toCharArray());
        long expires = now + sms.codeLifespanSeconds() * 1000L;
        row.setPhoneNumber(phone);
        row.setCodeHash(SmsCodeKey.digest(session, sms, user.getId(), phone, code));
        row.setExpiresAt(expires);
        row.setAttempts(0);
        row.setSends(row.getSends() + 1);
        // A gateway failure throws: the request rolls back, so neither the code nor the send counts.
        try {
            sms.send(phone, "Your OpsKnight verification code: " + code);
        } catch (RuntimeException e) {
            Meters.sms(realm, "failed");
            throw e;
        }
        Meters.sms(realm, "sent");
        return Instant.ofEpochMilli(expires);
    }

    /** Checks a code; VERIFIED sets phone_number_verified true. Other results change only the try count. */
    public static Result confirm(KeycloakSession session, RealmModel realm, UserModel user, String code) {
        PhoneVerificationEntity row = lockOrCreate(session, realm, user);
        String phone = ProfileAttribute.PHONE_NUMBER.rawValue(user);
        if (row.getCodeHash() == null || phone == null || !phone.equals(row.getPhoneNumber())) {
            return Result.NO_CODE;
        }
        if (row.getAttempts() >= MAX_ATTEMPTS) {
            return Result.TOO_MANY_ATTEMPTS;
        }
        if (Time.currentTimeMillis() > row.getExpiresAt()) {
            return Result.EXPIRED;
        }
        row.setAttempts(row.getAttempts() + 1);
        String given = code == null ? "" : code.strip();
        SmsSender sms = session.getProvider(SmsSender.class);
        if (!given.matches("[0-9]{6}") || sms == null
                || !Digests.sameDigest(row.getCodeHash(), SmsCodeKey.digest(session, sms, user.getId(), phone, given))) {
            return row.getAttempts() >= MAX_ATTEMPTS ? Result.TOO_MANY_ATTEMPTS : Result.WRONG_CODE;
        }
        row.setCodeHash(null);
        row.setExpiresAt(null);
        user.setSingleAttribute(ProfileAttribute.PHONE_NUMBER_VERIFIED.attributeName(), "true");
        return Result.VERIFIED;
    }

    /**
     * The limits beyond the user's own: codes per destination number and per realm in the last hour, so
     * that many accounts can neither flood one number nor run up the gateway bill. Counted in the database
     * in a transaction of their own before the gateway is called, so a send that then fails still counts:
     * the limit is on attempts, and holding a realm-wide row lock across the gateway call would make
     * every send of the realm wait for the slowest.
     */
    private static void takeQuota(KeycloakSession session, RealmModel realm, SmsSender sms, String phone) {
        long now = Time.currentTimeMillis();
        boolean numberOk = Throttles.locked(session.getKeycloakSessionFactory(), BY_NUMBER, realm.getId(), phone, HOUR_MILLIS,
                (s, row) -> Limits.take(row, now, HOUR_MILLIS, sms.maxPerNumberPerHour()));
        if (!numberOk) {
            throw OpsKnightException.tooMany("too_many_codes_for_number", "This phone number got too many codes in the last hour:"
                    + " try again later.");
        }
        boolean realmOk = Throttles.locked(session.getKeycloakSessionFactory(), BY_REALM, realm.getId(), "", HOUR_MILLIS,
                (s, row) -> Limits.take(row, now, HOUR_MILLIS, sms.maxPerRealmPerHour()));
        if (!realmOk) {
            LOG.warnf("SMS: realm %s reached its limit of %d verification codes per hour", realm.getName(), sms.maxPerRealmPerHour());
            throw OpsKnightException.tooMany("too_many_codes_for_realm", "Too many verification codes were sent in the last hour:"
                    + " try again later.");
        }
    }

    /**
     * The user's row, locked for this transaction. A first use creates it in a transaction of its own:
     * two parallel first requests would otherwise both insert it and one would fail on the primary key
     * (a 500, and on PostgreSQL a dead transaction). The losing insert only means the other request made
     * the row; both then take its lock here and run one after the other.
     */
    private static PhoneVerificationEntity lockOrCreate(KeycloakSession session, RealmModel realm, UserModel user) {
        PhoneVerificationStore store = PhoneVerificationStore.of(session);
        PhoneVerificationEntity row = store.lock(user.getId());
        if (row != null) {
            return row;
        }
        String userId = user.getId();
        String realmId = realm.getId();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                PhoneVerificationStore own = PhoneVerificationStore.of(s);
                if (!own.exists(userId)) {
                    PhoneVerificationEntity created = new PhoneVerificationEntity();
                    created.setUserId(userId);
                    created.setRealmId(realmId);
                    own.add(created);
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("phone verification row of user %s: made by a parallel request (%s)", userId, e.getClass().getSimpleName());
        }
        row = store.lock(userId);
        if (row == null) {
            throw new IllegalStateException("phone verification row of user " + userId + " was not created");
        }
        return row;
    }

    /**
     * Called before a change of the user's number is written: locks the row and drops a pending code, so
     * that a {@link #confirm} running in parallel either finishes first (and the change then resets
     * phone_number_verified after it) or finds no code. Without the lock, a confirm that read the old
     * number could mark the new, unproven one verified.
     */
    public static void numberChanging(KeycloakSession session, UserModel user) {
        PhoneVerificationStore store = PhoneVerificationStore.of(session);
        PhoneVerificationEntity row = store.lock(user.getId());
        if (row != null) {
            row.setCodeHash(null);
            row.setExpiresAt(null);
            row.setPhoneNumber(null);
            store.flush();
        }
    }
}
