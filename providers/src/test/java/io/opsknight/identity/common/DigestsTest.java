package io.opsknight.identity.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DigestsTest {

    @Test
    void digestIsHexSha256() {
        assertThat(Digests.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void comparesDigests() {
        assertThat(Digests.sameDigest(Digests.sha256Hex("a"), Digests.sha256Hex("a"))).isTrue();
        assertThat(Digests.sameDigest(Digests.sha256Hex("a"), Digests.sha256Hex("b"))).isFalse();
        assertThat(Digests.sameDigest(null, Digests.sha256Hex("a"))).isFalse();
    }
}
