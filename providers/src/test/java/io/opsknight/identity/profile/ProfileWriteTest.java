package io.opsknight.identity.profile;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** How a refusal of the realm's User Profile reads in our API: the field by our name, a sentence, never a key. */
class ProfileWriteTest {

    @Test
    void fieldsKeepTheApiNames() {
        assertThat(ProfileWrite.fieldOf("firstName")).isEqualTo("name");
        assertThat(ProfileWrite.fieldOf("zoneinfo")).isEqualTo("zoneinfo");
        assertThat(ProfileWrite.fieldOf("email")).isEqualTo("email");
    }

    @Test
    void theRealmsPatternIsFilledIn() {
        assertThat(ProfileWrite.format("Length must be between {1} and {2}.", "error-invalid-length",
                new Object[]{"name", 1, 10}, Locale.ENGLISH)).isEqualTo("Length must be between 1 and 10.");
        assertThat(ProfileWrite.format("Value contains invalid character.", "error-person-name-invalid-character",
                new Object[]{"name"}, Locale.ENGLISH)).isEqualTo("Value contains invalid character.");
    }

    @Test
    void anUnknownKeyIsStillASentence() {
        assertThat(ProfileWrite.format(null, "error-some-custom-key", new Object[]{"name"}, Locale.ENGLISH))
                .isEqualTo("the value is not accepted by this realm.");
        // A validator configured with a literal sentence as its error message keeps it.
        assertThat(ProfileWrite.format(null, "Use your legal name.", new Object[]{"name"}, Locale.ENGLISH))
                .isEqualTo("Use your legal name.");
    }
}
