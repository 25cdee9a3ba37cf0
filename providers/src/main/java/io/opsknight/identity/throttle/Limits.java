package io.opsknight.identity.throttle;

/**
 * The pure arithmetic of our rate limits, on a counter's fields: a fixed window that allows so many hits,
 * and a delay that doubles with every failure past a free allowance. Unit-tested; the stores apply it
 * under a row lock.
 */
public final class Limits {

    private Limits() {
    }

    /**
     * Counts one hit in a window of {@code windowMillis} that allows {@code max}: true (and counted) when
     * allowed, false (nothing counted) when the window is full. A window that has ended starts again now.
     */
    public static boolean take(ThrottleEntity row, long now, long windowMillis, int max) {
        if (now - row.getWindowStart() >= windowMillis) {
            row.setWindowStart(now);
            row.setHits(0);
        }
        if (row.getHits() >= max) {
            return false;
        }
        row.setHits(row.getHits() + 1);
        return true;
    }

    /** Seconds until a full window ends (at least 1), or 0 when it has room. */
    public static int retryAfterSeconds(ThrottleEntity row, long now, long windowMillis, int max) {
        long end = row.getWindowStart() + windowMillis;
        if (now >= end || row.getHits() < max) {
            return 0;
        }
        return seconds(end - now);
    }

    /**
     * The growing delay after the {@code failures}-th consecutive failure: none for the first {@code free},
     * then {@code firstMillis}, doubling each time, at most {@code capMillis}.
     */
    public static long delayMillis(int failures, int free, long firstMillis, long capMillis) {
        int past = failures - free;
        if (past <= 0) {
            return 0;
        }
        if (past > 30) {
            return capMillis;
        }
        return Math.min(capMillis, firstMillis << (past - 1));
    }

    /** Whole seconds, rounded up, at least 1: for {@code Retry-After}. */
    public static int seconds(long millis) {
        return (int) Math.max(1, (millis + 999) / 1000);
    }
}
