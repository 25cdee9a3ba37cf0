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
}
