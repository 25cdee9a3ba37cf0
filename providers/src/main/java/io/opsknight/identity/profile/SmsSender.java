package io.opsknight.identity.profile;

import org.keycloak.provider.Provider;

/** Sends one text message. */
public interface SmsSender extends Provider {

    /** False when the server has no gateway configured (phone verification then answers 503). */
    boolean configured();

    /** Sends the text; throws OpsKnightException PEER_FAILED when the gateway fails or times out. */
    void send(String to, String text);

    /** How long a verification code stays valid (server option code-lifespan-seconds, default 600). */
    int codeLifespanSeconds();

    /** Codes sent to one number per hour, per realm (server option max-per-number-per-hour). */
    int maxPerNumberPerHour();

    /** Codes sent per hour in one realm, all numbers together (server option max-per-realm-per-hour). */
    int maxPerRealmPerHour();

    /**
     * The key of the stored code digests (server option code-secret), or null: then a key made once and kept
     * in the database is used ({@link SmsCodeKey}).
     */
    String codeSecret();
}
