package io.opsknight.identity.users;

import io.opsknight.identity.common.OpsKnightException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileValidationTest {

    @Test
    void zoneinfoIsAnIanaRegionOrUtc() {
        assertThat(AdminProfileUpdate.validZone("Europe/Berlin")).isEqualTo("Europe/Berlin");
        assertThat(AdminProfileUpdate.validZone("America/Argentina/Buenos_Aires")).isEqualTo("America/Argentina/Buenos_Aires");
        assertThat(AdminProfileUpdate.validZone("UTC")).isEqualTo("UTC");
        assertThat(AdminProfileUpdate.validZone("")).isEmpty();
        for (String bad : new String[]{"Mars/Olympus", "+02:00", "EST", "europe/berlin", "GMT+1"}) {
            assertThatThrownBy(() -> AdminProfileUpdate.validZone(bad)).as(bad).satisfies(refusal("invalid_zoneinfo"));
        }
    }

    @Test
    void phoneIsE164() {
        assertThat(AdminProfileUpdate.validPhone(" +14155550100 ")).isEqualTo("+14155550100");
        for (String bad : new String[]{"014155550100", "+0123", "+1 415 555", "+1234567890123456"}) {
            assertThatThrownBy(() -> AdminProfileUpdate.validPhone(bad)).as(bad).satisfies(refusal("invalid_phone_number"));
        }
    }

    @Test
    void emailIsLowerCasedAndChecked() {
        assertThat(AdminProfileUpdate.validEmail(" Ada@Example.TEST ")).isEqualTo("ada@example.test");
        assertThatThrownBy(() -> AdminProfileUpdate.validEmail("ada@")).satisfies(refusal("invalid_email"));
        assertThatThrownBy(() -> AdminProfileUpdate.validEmail("")).satisfies(refusal("invalid_email"));
    }

    /** A 400-kind domain refusal with this code. */
    private static org.assertj.core.api.ThrowingConsumer<Throwable> refusal(String code) {
        return e -> {
            assertThat(e).isInstanceOf(OpsKnightException.class);
            assertThat(((OpsKnightException) e).reason()).isEqualTo(OpsKnightException.Reason.INVALID);
            assertThat(((OpsKnightException) e).code()).isEqualTo(code);
        };
    }

    @Test
    void searchWildcardsAreLiteral() {
        assertThat(UserQuery.escapeLike("a%b_c\\d!")).isEqualTo("a\\%b\\_c\\\\d!");
    }
}
