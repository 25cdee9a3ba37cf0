package io.opsknight.identity.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PagingTest {

    @Test
    void defaultsAndCap() {
        assertThat(Paging.parse(null, " ", 20, 100)).isEqualTo(new Paging(0, 20));
        assertThat(Paging.parse("5", "1000", 20, 100)).isEqualTo(new Paging(5, 100));
    }

    @Test
    void refusalsNameTheParameter() {
        assertThatThrownBy(() -> Paging.parse("-1", null, 20, 100))
                .isInstanceOfSatisfying(OpsKnightException.class, e -> assertThat(e.code()).isEqualTo("invalid_first"));
        assertThatThrownBy(() -> Paging.parse(null, "0", 20, 100))
                .isInstanceOfSatisfying(OpsKnightException.class, e -> assertThat(e.code()).isEqualTo("invalid_max"));
        assertThatThrownBy(() -> Paging.parse(null, "ten", 20, 100))
                .isInstanceOfSatisfying(OpsKnightException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_max");
                    assertThat(e.reason()).isEqualTo(OpsKnightException.Reason.INVALID);
                });
    }
}
