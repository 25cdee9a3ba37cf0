package io.opsknight.identity.setup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SetupKeyTest {

    @Test
    void noKeyAcceptsAnything() {
        for (String blank : new String[]{null, "", "   "}) {
            SetupKey key = SetupKey.of(blank);
            assertThat(key.required()).isFalse();
            assertThat(key.accepts(null)).isTrue();
            assertThat(key.accepts("whatever")).isTrue();
        }
    }

    @Test
    void keyAcceptsOnlyItself() {
        SetupKey key = SetupKey.of("s3cret-setup-key-of-the-operator");
        assertThat(key.required()).isTrue();
        assertThat(key.weak()).isFalse();
        assertThat(key.accepts("s3cret-setup-key-of-the-operator")).isTrue();
        assertThat(key.accepts(" s3cret-setup-key-of-the-operator\n")).as("pasted with whitespace").isTrue();
        assertThat(key.accepts("s3cret-setup-key-of-the-operato")).isFalse();
        assertThat(key.accepts("S3CRET-SETUP-KEY-OF-THE-OPERATOR")).isFalse();
        assertThat(key.accepts("")).isFalse();
        assertThat(key.accepts(null)).isFalse();
    }

    @Test
    void shortKeyIsFlaggedWeakAndNeverPrinted() {
        SetupKey key = SetupKey.of("short");
        assertThat(key.weak()).isTrue();
        assertThat(key.toString()).doesNotContain("short");
    }
}
