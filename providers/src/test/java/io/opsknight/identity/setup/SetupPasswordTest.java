package io.opsknight.identity.setup;

import org.junit.jupiter.api.Test;
import org.keycloak.models.PasswordPolicy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SetupPasswordTest {

    private static long count(String s, String alphabet) {
        return s.chars().filter(c -> alphabet.indexOf(c) >= 0).count();
    }

    @Test
    void withoutPolicyItIs24CharactersWithEveryClass() {
        SetupPassword.Requirements r = SetupPassword.Requirements.of(PasswordPolicy.empty());
        assertThat(r.length()).isEqualTo(24);
        for (int i = 0; i < 200; i++) {
            String p = SetupPassword.generate(r);
            assertThat(p).hasSize(24);
            assertThat(count(p, SetupPassword.UPPER)).isPositive();
            assertThat(count(p, SetupPassword.LOWER)).isPositive();
            assertThat(count(p, SetupPassword.DIGITS)).isPositive();
            assertThat(count(p, SetupPassword.SPECIAL)).isPositive();
            assertThat(p).doesNotContainAnyWhitespaces().doesNotContain("0", "O", "1", "l", "I");
        }
    }

    @Test
    void neverRepeats() {
        SetupPassword.Requirements r = SetupPassword.Requirements.of(PasswordPolicy.empty());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(SetupPassword.generate(r))).isTrue();
        }
    }

    @Test
    void policyMinimumsRaiseCountsAndLength() {
        Map<String, Integer> policy = Map.of("length", 40, "upperCase", 5, "lowerCase", 3, "digits", 6, "specialChars", 4);
        SetupPassword.Requirements r = SetupPassword.Requirements.of(id -> policy.getOrDefault(id, 0));
        assertThat(r).isEqualTo(new SetupPassword.Requirements(40, 5, 3, 6, 4));
        for (int i = 0; i < 200; i++) {
            String p = SetupPassword.generate(r);
            assertThat(p).hasSize(40);
            assertThat(count(p, SetupPassword.UPPER)).isGreaterThanOrEqualTo(5);
            assertThat(count(p, SetupPassword.LOWER)).isGreaterThanOrEqualTo(3);
            assertThat(count(p, SetupPassword.DIGITS)).isGreaterThanOrEqualTo(6);
            assertThat(count(p, SetupPassword.SPECIAL)).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void shortPolicyLengthNeverGoesBelowTheDefault() {
        Map<String, Integer> policy = Map.of("length", 8);
        assertThat(SetupPassword.Requirements.of(id -> policy.getOrDefault(id, 0)).length()).isEqualTo(24);
    }

    @Test
    void maxLengthPolicyCapsTheLength() {
        Map<String, Integer> policy = Map.of("maxLength", 20);
        SetupPassword.Requirements r = SetupPassword.Requirements.of(id -> policy.getOrDefault(id, 0));
        assertThat(r.length()).isEqualTo(20);
        assertThat(SetupPassword.generate(r)).hasSize(20);
    }

    @Test
    void minimumsAboveLengthWin() {
        Map<String, Integer> policy = Map.of("digits", 30);
        SetupPassword.Requirements r = SetupPassword.Requirements.of(id -> policy.getOrDefault(id, 0));
        assertThat(r.length()).isEqualTo(33);
        assertThat(count(SetupPassword.generate(r), SetupPassword.DIGITS)).isGreaterThanOrEqualTo(30);
    }
}
