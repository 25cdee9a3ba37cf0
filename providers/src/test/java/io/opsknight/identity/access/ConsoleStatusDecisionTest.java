package io.opsknight.identity.access;

import io.opsknight.identity.lifecycle.UserStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The console status sync's decision table (lifecycle/ConsoleSyncIT proves the wiring once). */
class ConsoleStatusDecisionTest {

    @ParameterizedTest(name = "recorded={0} enabled={1} created={2} -> {3}")
    @CsvSource(nullValues = "none", value = {
            "ACTIVE,   true,  false, NONE",
            "INVITED,  true,  false, ACTIVATE",
            "INVITED,  true,  true,  ACTIVATE",
            "DISABLED, true,  false, REACTIVATE",
            "DISABLED, true,  true,  MARK_ACTIVE",
            "none,     true,  false, MARK_ACTIVE",
            "none,     true,  true,  MARK_ACTIVE",
            "ACTIVE,   false, false, DEACTIVATE",
            "none,     false, false, DEACTIVATE",
            "none,     false, true,  MARK_DISABLED",
            "ACTIVE,   false, true,  MARK_DISABLED",
            "DISABLED, false, false, NONE",
            "INVITED,  false, false, NONE",
            "INVITED,  false, true,  NONE",
    })
    void decides(UserStatus recorded, boolean enabled, boolean created, ConsoleStatusDecision expected) {
        assertThat(ConsoleStatusDecision.decide(recorded, enabled, created)).isEqualTo(expected);
    }
}
