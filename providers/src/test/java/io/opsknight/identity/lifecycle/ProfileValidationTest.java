package io.opsknight.identity.lifecycle;

import io.opsknight.identity.rest.ApiException;
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
            assertThatThrownBy(() -> AdminProfileUpdate.validZone(bad)).as(bad).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void phoneIsE164() {
        assertThat(AdminProfileUpdate.validPhone(" +14155550100 ")).isEqualTo("+14155550100");
        for (String bad : new String[]{"014155550100", "+0123", "+1 415 555", "+1234567890123456"}) {
            assertThatThrownBy(() -> AdminProfileUpdate.validPhone(bad)).as(bad).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void emailIsLowerCasedAndChecked() {
        assertThat(AdminProfileUpdate.validEmail(" Ada@Example.TEST ")).isEqualTo("ada@example.test");
        assertThatThrownBy(() -> AdminProfileUpdate.validEmail("ada@")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> AdminProfileUpdate.validEmail("")).isInstanceOf(ApiException.class);
    }

    @Test
    void searchWildcardsAreLiteral() {
        assertThat(UserQuery.escapeLike("a%b_c!d")).isEqualTo("a!%b!_c!!d");
    }
}
