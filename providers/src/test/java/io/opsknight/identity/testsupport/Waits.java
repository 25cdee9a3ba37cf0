package io.opsknight.identity.testsupport;

/** Pauses of the tests, without a checked exception at every call. */
public final class Waits {

    private Waits() {
    }

    /** Sleeps; an interrupt ends the test with an error and keeps the thread's interrupt flag. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
