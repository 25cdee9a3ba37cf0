package io.opsknight.identity.profile;

import io.opsknight.identity.metrics.Meters;
import io.opsknight.identity.common.Digests;
import io.opsknight.identity.common.OpsKnightException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.time.Instant;

/**
 * Proves that a person holds their {@code phone_number}: a 6-digit code by SMS, valid for the
 * configured lifespan (10 minutes), at most {@value #MAX_ATTEMPTS} tries per code and
 * {@value #MAX_SENDS_PER_HOUR} sends per hour. Only the code's SHA-256 digest is stored. The row is
 * read with a row lock, so the limits hold across a cluster.
 * <p>
 * {@link #confirm} reports a wrong code as a {@link Result} instead of throwing, so that the counted
 * try is committed with the request.
 */
public final class PhoneVerification {

    public static final int MAX_ATTEMPTS = 5;
    public static final int MAX_SENDS_PER_HOUR = 3;
    private static final long HOUR_MILLIS = 3_600_000L;

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
        String code = SecretGenerator.getInstance().randomString(6, "0123456789".toCharArray());
        long expires = now + sms.codeLifespanSeconds() * 1000L;
        row.setPhoneNumber(phone);
        row.setCodeHash(digest(user, phone, code));
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
        if (!given.matches("[0-9]{6}") || !Digests.sameDigest(row.getCodeHash(), digest(user, phone, given))) {
            return row.getAttempts() >= MAX_ATTEMPTS ? Result.TOO_MANY_ATTEMPTS : Result.WRONG_CODE;
        }
        row.setCodeHash(null);
        row.setExpiresAt(null);
        user.setSingleAttribute(ProfileAttribute.PHONE_NUMBER_VERIFIED.attributeName(), "true");
        return Result.VERIFIED;
    }

    private static String digest(UserModel user, String phone, String code) {
        return Digests.sha256Hex(user.getId() + "|" + phone + "|" + code);
    }

    private static PhoneVerificationEntity lockOrCreate(KeycloakSession session, RealmModel realm, UserModel user) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        PhoneVerificationEntity row = em.find(PhoneVerificationEntity.class, user.getId(), LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new PhoneVerificationEntity();
            row.setUserId(user.getId());
            row.setRealmId(realm.getId());
            em.persist(row);
            em.flush();
        }
        return row;
    }
}
