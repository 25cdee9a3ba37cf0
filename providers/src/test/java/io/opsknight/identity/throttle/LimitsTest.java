package io.opsknight.identity.throttle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsTest {

    private static ThrottleEntity row(int hits, long windowStart) {
        ThrottleEntity row = new ThrottleEntity();
        row.setHits(hits);
        row.setWindowStart(windowStart);
        return row;
    }

    @Test
    void aWindowAllowsMaxHitsThenRefusesUntilItEnds() {
        ThrottleEntity row = row(0, 1_000);
        for (int i = 1; i <= 3; i++) {
            assertThat(Limits.take(row, 1_000 + i, 60_000, 3)).as("hit %d", i).isTrue();
        }
        assertThat(Limits.take(row, 2_000, 60_000, 3)).isFalse();
        assertThat(row.getHits()).as("a refused hit is not counted").isEqualTo(3);
        assertThat(Limits.retryAfterSeconds(row, 2_000, 60_000, 3)).isEqualTo(59);
        // The window ends: counting starts again.
        assertThat(Limits.retryAfterSeconds(row, 61_000, 60_000, 3)).isZero();
        assertThat(Limits.take(row, 61_000, 60_000, 3)).isTrue();
        assertThat(row.getHits()).isEqualTo(1);
        assertThat(row.getWindowStart()).isEqualTo(61_000);
    }

    @Test
    void retryAfterIsZeroWithRoomAndAtLeastOneSecondWhenFull() {
        assertThat(Limits.retryAfterSeconds(row(2, 0), 10, 60_000, 3)).isZero();
        assertThat(Limits.retryAfterSeconds(row(3, 0), 59_999, 60_000, 3)).isEqualTo(1);
    }

    @Test
    void theDelayIsFreeThenDoublesUpToTheCap() {
        assertThat(Limits.delayMillis(0, 5, 5_000, 900_000)).isZero();
        assertThat(Limits.delayMillis(5, 5, 5_000, 900_000)).isZero();
        assertThat(Limits.delayMillis(6, 5, 5_000, 900_000)).isEqualTo(5_000);
        assertThat(Limits.delayMillis(7, 5, 5_000, 900_000)).isEqualTo(10_000);
        assertThat(Limits.delayMillis(10, 5, 5_000, 900_000)).isEqualTo(80_000);
        assertThat(Limits.delayMillis(13, 5, 5_000, 900_000)).isEqualTo(640_000);
        assertThat(Limits.delayMillis(14, 5, 5_000, 900_000)).isEqualTo(900_000);
        assertThat(Limits.delayMillis(1_000, 5, 5_000, 900_000)).isEqualTo(900_000);
    }

    @Test
    void secondsRoundUp() {
        assertThat(Limits.seconds(1)).isEqualTo(1);
        assertThat(Limits.seconds(1_000)).isEqualTo(1);
        assertThat(Limits.seconds(1_001)).isEqualTo(2);
        assertThat(Limits.seconds(0)).isEqualTo(1);
    }
}
