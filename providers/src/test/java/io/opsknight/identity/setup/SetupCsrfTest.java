package io.opsknight.identity.setup;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SetupCsrfTest {

    @Test
    void tokensAreWellFormedAndUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = SetupCsrf.newToken();
            assertThat(SetupCsrf.wellFormed(t)).as(t).isTrue();
            assertThat(seen.add(t)).isTrue();
        }
    }

    @Test
    void onlyAnEqualPairMatches() {
        String token = SetupCsrf.newToken();
        assertThat(SetupCsrf.matches(token, token)).isTrue();
        assertThat(SetupCsrf.matches(token, SetupCsrf.newToken())).isFalse();
        assertThat(SetupCsrf.matches(null, token)).isFalse();
        assertThat(SetupCsrf.matches(token, null)).isFalse();
        assertThat(SetupCsrf.matches(null, null)).isFalse();
        assertThat(SetupCsrf.matches("", "")).isFalse();
    }

    @Test
    void forgedShortOrOddValuesNeverMatchEvenWhenEqual() {
        // An attacker able to plant a cookie could choose a trivial value; only our shape counts.
        assertThat(SetupCsrf.matches("x", "x")).isFalse();
        String odd = "a".repeat(42) + "=";
        assertThat(SetupCsrf.matches(odd, odd)).isFalse();
        assertThat(SetupCsrf.wellFormed("a".repeat(44))).isFalse();
    }
}
