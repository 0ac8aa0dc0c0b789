package io.qkdmodem.agent.postprocessing.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PolynomialHashTest {

    @Test
    void tableMultiplicationMatchesShiftAndAdd() {
        Random r = new Random(5);
        for (int i = 0; i < 2000; i++) {
            long h = r.nextLong();
            long a = r.nextLong();
            long[] t = PolynomialHash.table(h);
            long viaTable = 0;
            for (int j = 0; j < 16; j++) {
                viaTable ^= t[(j << 4) | (int) ((a >>> (4 * j)) & 15)];
            }
            assertThat(viaTable).isEqualTo(PolynomialHash.multiply(a, h));
        }
        // x * x^63 = x^64 = x^4 + x^3 + x + 1 (the field polynomial)
        assertThat(PolynomialHash.multiply(2L, 1L << 63)).isEqualTo(0x1BL);
        // commutative
        assertThat(PolynomialHash.multiply(12345L, 678910L))
                .isEqualTo(PolynomialHash.multiply(678910L, 12345L));
    }

    @Test
    void hashIsHornerEvaluation() {
        Random r = new Random(6);
        BitVector key = BitVector.random(130, r); // 3 words
        long h = r.nextLong();
        long[] w = key.words();
        long acc = 0;
        for (long m : w) {
            acc = PolynomialHash.multiply(acc ^ m, h);
        }
        acc = PolynomialHash.multiply(acc ^ 130, h);
        assertThat(PolynomialHash.hash(key, h)).isEqualTo(acc);
    }

    @Test
    void anySingleBitErrorChangesTheTag() {
        Random r = new Random(7);
        BitVector key = BitVector.random(5000, r);
        long[] keys = {r.nextLong(), r.nextLong()};
        long[] tag = PolynomialHash.tag(key, keys);
        for (int i = 0; i < key.length(); i += 7) {
            BitVector k2 = key.copy();
            k2.flip(i);
            assertThat(PolynomialHash.tagsEqual(tag, PolynomialHash.tag(k2, keys))).isFalse();
        }
    }

    @Test
    void instancesReachTheRequestedSecurity() {
        assertThat(PolynomialHash.instancesFor(10_000, 32)).isEqualTo(1);
        assertThat(PolynomialHash.instancesFor(10_000, 64)).isEqualTo(2);
        for (int n : new int[] {10_000, 1_000_000, 10_000_000}) {
            for (int bits : new int[] {32, 64, 128}) {
                int t = PolynomialHash.instancesFor(n, bits);
                assertThat(PolynomialHash.securityBits(n, t)).isGreaterThanOrEqualTo(bits);
                if (t > 1) {
                    assertThat(PolynomialHash.securityBits(n, t - 1)).isLessThan(bits);
                }
            }
        }
    }
}
