package io.opsknight.identity.apitoken;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiTokenFormatTest {

    private static final String RANDOM = "0123456789abcdefABCDEF";

    @Test
    void shapeIsPrefixRandomAndSixCharacterChecksum() {
        String token = ApiTokenFormat.compose(RANDOM);
        assertThat(token).hasSize(32).startsWith("okp_" + RANDOM).matches("okp_[0-9A-Za-z]{28}");
        assertThat(ApiTokenFormat.check(token)).isEqualTo(ApiTokenFormat.Check.OK);
        assertThat(ApiTokenFormat.displayPrefix(token)).isEqualTo("okp_0123");
    }

    @Test
    void checksumIsBase62OfCrc32OfTheRandomPart() {
        CRC32 crc = new CRC32();
        crc.update(RANDOM.getBytes());
        long expected = crc.getValue();
        String sum = ApiTokenFormat.checksum(RANDOM);
        long decoded = 0;
        for (char c : sum.toCharArray()) {
            decoded = decoded * 62 + new String(ApiTokenFormat.BASE62).indexOf(c);
        }
        assertThat(decoded).isEqualTo(expected);
        // A CRC of 0 still gives six characters.
        assertThat(ApiTokenFormat.checksum(RANDOM)).hasSize(6);
    }

    @Test
    void everySingleCharacterTypoIsCaught() {
        String token = ApiTokenFormat.compose(RANDOM);
        for (int i = 4; i < token.length(); i++) {
            for (char c : ApiTokenFormat.BASE62) {
                if (c == token.charAt(i)) {
                    continue;
                }
                String typo = token.substring(0, i) + c + token.substring(i + 1);
                assertThat(ApiTokenFormat.check(typo)).as(typo).isEqualTo(ApiTokenFormat.Check.BAD_CHECKSUM);
            }
        }
    }

    @Test
    void swappedNeighboursAreCaught() {
        String token = ApiTokenFormat.compose(RANDOM);
        for (int i = 4; i < token.length() - 1; i++) {
            if (token.charAt(i) == token.charAt(i + 1)) {
                continue;
            }
            String swapped = token.substring(0, i) + token.charAt(i + 1) + token.charAt(i) + token.substring(i + 2);
            assertThat(ApiTokenFormat.check(swapped)).isEqualTo(ApiTokenFormat.Check.BAD_CHECKSUM);
        }
    }

    @Test
    void garbageIsMalformed() {
        String token = ApiTokenFormat.compose(RANDOM);
        assertThat(ApiTokenFormat.check(null)).isEqualTo(ApiTokenFormat.Check.MALFORMED);
        assertThat(ApiTokenFormat.check("")).isEqualTo(ApiTokenFormat.Check.MALFORMED);
        assertThat(ApiTokenFormat.check("hello")).isEqualTo(ApiTokenFormat.Check.MALFORMED);
        assertThat(ApiTokenFormat.check("ghp_" + token.substring(4))).isEqualTo(ApiTokenFormat.Check.MALFORMED);
        assertThat(ApiTokenFormat.check(token.substring(0, 31))).isEqualTo(ApiTokenFormat.Check.MALFORMED);
        assertThat(ApiTokenFormat.check(token + "x")).isEqualTo(ApiTokenFormat.Check.MALFORMED);
        assertThat(ApiTokenFormat.check(token.substring(0, 10) + "-" + token.substring(11))).isEqualTo(ApiTokenFormat.Check.MALFORMED);
        assertThat(ApiTokenFormat.check(" " + token.substring(1))).isEqualTo(ApiTokenFormat.Check.MALFORMED);
    }

    @Test
    void composeRefusesTooLittleOrNonBase62Randomness() {
        assertThatThrownBy(() -> ApiTokenFormat.compose("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiTokenFormat.compose("0123456789abcdefABCDE+")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiTokenFormat.compose(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomTokensAreDistinctAndValid() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int n = 0; n < 2000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < ApiTokenFormat.RANDOM_LENGTH; i++) {
                b.append(ApiTokenFormat.BASE62[random.nextInt(62)]);
            }
            String token = ApiTokenFormat.compose(b.toString());
            assertThat(ApiTokenFormat.check(token)).isEqualTo(ApiTokenFormat.Check.OK);
            assertThat(seen.add(token)).isTrue();
        }
        // 22 base62 characters carry at least 128 bits.
        assertThat(ApiTokenFormat.RANDOM_LENGTH * Math.log(62) / Math.log(2)).isGreaterThanOrEqualTo(128);
    }
}
