package io.opsknight.identity.testsupport;

import java.util.function.Supplier;

/**
 * Password grants with the right password, as a person's devices make them: back to back and in parallel.
 * <p>
 * Why a retry: with brute-force detection on (realm-config), Keycloak 26 uses its blocking brute-force
 * protector (spi {@code brute-force-protector}, {@code allowConcurrentRequests=false} by default). A login
 * registers the user as "login in progress" and clears that only when the protector's own bookkeeping job
 * (run on Keycloak's "bruteforce" executor, AFTER the login answered) has committed. A second login of the
 * same user that arrives before then, in parallel or right after the first one on a busy machine, is answered
 * {@code 400 invalid_grant "Invalid user credentials"} with event error {@code user_temporarily_disabled},
 * although no login ever failed (keycloak#36495, #48272; ConcurrentLoginIT). That was the flake of SessionsIT,
 * which logs one person in three times in a row. A client that knows its password is right retries briefly;
 * so does the harness, only on that answer and only for the correct test password.
 */
public final class Logins {

    private static final int ATTEMPTS = 25;
    private static final long PAUSE_MILLIS = 200;

    private Logins() {
    }

    /** True for Keycloak's answer to a login it refused without naming why (wrong password or brute force). */
    public static boolean refusedAsInvalidCredentials(Http.Reply reply) {
        return reply.status() == 400 && reply.body() != null && reply.body().contains("\"invalid_grant\"")
                && reply.body().contains("Invalid user credentials");
    }

    /** Runs a password grant made with the correct password, again while Keycloak still counts a previous login. */
    public static Http.Reply withCorrectPassword(Supplier<Http.Reply> grant) {
        Http.Reply reply = grant.get();
        for (int i = 1; i < ATTEMPTS && refusedAsInvalidCredentials(reply); i++) {
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return reply;
            }
            reply = grant.get();
        }
        return reply;
    }
}
