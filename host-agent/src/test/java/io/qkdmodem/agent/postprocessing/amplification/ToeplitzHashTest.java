package io.qkdmodem.agent.postprocessing.amplification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ToeplitzHashTest {

    private static void assertMatchesNaive(int n, int m, Random r, long seed) {
        BitVector x = BitVector.random(n, r);
        BitVector t = BitVector.random(ToeplitzHash.seedLength(n, m), r);
        assertThat(ToeplitzHash.hash(x, t, m).toBytes())
                .as("n=%d m=%d plan=%s seed=%d", n, m, Gf2Toeplitz.plan(n + m - 1L), seed)
                .isEqualTo(ToeplitzHash.naive(x, t, m).toBytes());
    }

    @Test
    void equalsNaiveReferenceOnEdgeSizes() {
        long seed = 20261126L;
        Random r = new Random(seed);
        int[][] sizes = {
            {1, 1},
            {2, 1},
            {2, 2},
            {3, 3},
            {5, 3},
            {63, 1},
            {63, 63},
            {64, 1},
            {64, 64},
            {65, 1},
            {65, 65},
            {100, 37},
            {127, 128 - 1},
            {129, 1},
            {257, 200},
            {1000, 500},
            {1500, 1},
            {2048, 2048},
            {3001, 1234},
            {3001, 3001},
            // large enough for the second, CRT-split level (n + m - 1 >= ~5100)
            {4000, 1200},
            {4097, 4097},
            {6007, 2999},
            {9001, 1}
        };
        for (int[] s : sizes) {
            assertMatchesNaive(s[0], s[1], r, seed);
        }
    }

    @Test
    void equalsNaiveReferenceOnRandomSizes() {
        long seed = 0x5eedL;
        Random r = new Random(seed);
        for (int i = 0; i < 120; i++) {
            int n = 1 + r.nextInt(i < 100 ? 1500 : 6000);
            int m = 1 + r.nextInt(n);
            assertMatchesNaive(n, m, r, seed);
        }
    }

    /** All-ones inputs: every output bit is the parity of n ones. */
    @Test
    void allOnesInputsGiveTheParityOfN() {
        for (int n : new int[] {4096, 4097, 6001}) {
            int m = 3000;
            BitVector x = new BitVector(n);
            BitVector t = new BitVector(n + m - 1);
            for (int i = 0; i < n; i++) {
                x.set(i, true);
            }
            for (int i = 0; i < n + m - 1; i++) {
                t.set(i, true);
            }
            BitVector y = ToeplitzHash.hash(x, t, m);
            assertThat(y.cardinality()).as("n=%d", n).isEqualTo(n % 2 == 0 ? 0 : m);
        }
    }

    @Test
    void everySingleBitChangeOfTheInputChangesTheOutput() {
        Random r = new Random(77);
        int n = 1200;
        int m = 300;
        BitVector x = BitVector.random(n, r);
        BitVector t = BitVector.random(n + m - 1, r);
        BitVector y = ToeplitzHash.hash(x, t, m);
        for (int j = 0; j < n; j++) {
            BitVector x2 = x.copy();
            x2.flip(j);
            assertThat(ToeplitzHash.hash(x2, t, m).sameBits(y)).as("input bit %d", j).isFalse();
        }
    }

    /**
     * Flipping input bit j adds column j of T, which is never zero (it holds m seed bits, and the
     * seed is random): checked at sampled positions on a size that runs the second level.
     */
    @Test
    void sampledInputBitChangesOnALargerBlockChangeTheOutputByColumnJ() {
        long seed = 79;
        Random r = new Random(seed);
        int n = 20_011;
        int m = 7_001;
        BitVector x = BitVector.random(n, r);
        BitVector t = BitVector.random(n + m - 1, r);
        BitVector y = ToeplitzHash.hash(x, t, m);
        for (int k = 0; k < 60; k++) {
            int j = k == 0 ? 0 : k == 1 ? n - 1 : r.nextInt(n);
            BitVector x2 = x.copy();
            x2.flip(j);
            BitVector diff = ToeplitzHash.hash(x2, t, m);
            diff.xorInPlace(y);
            // column j of T: T[i][j] = seed[i - j + n - 1]
            BitVector column = new BitVector(m);
            for (int i = 0; i < m; i++) {
                column.set(i, t.get(i - j + n - 1));
            }
            assertThat(diff.sameBits(column)).as("input bit %d seed %d", j, seed).isTrue();
        }
    }

    /**
     * Flipping seed bit d changes y_i by x_j on the diagonal i - j + n - 1 = d; so the output
     * changes exactly when that diagonal meets a one of x. Checked for every seed bit.
     */
    @Test
    void seedBitChangesActExactlyOnTheirDiagonal() {
        Random r = new Random(78);
        int n = 300;
        int m = 200;
        BitVector x = BitVector.random(n, r);
        BitVector t = BitVector.random(n + m - 1, r);
        BitVector y = ToeplitzHash.hash(x, t, m);
        for (int d = 0; d < n + m - 1; d++) {
            BitVector t2 = t.copy();
            t2.flip(d);
            BitVector y2 = ToeplitzHash.hash(x, t2, m);
            BitVector expected = y.copy();
            for (int i = 0; i < m; i++) {
                int j = i + n - 1 - d;
                if (j >= 0 && j < n && x.get(j)) {
                    expected.flip(i);
                }
            }
            assertThat(y2.sameBits(expected)).as("seed bit %d", d).isTrue();
        }
    }

    /** The GF(2) method against the independent double-precision FFT at about 10^5 bits. */
    @Test
    void equalsTheFftMethodAt10To5Bits() {
        Random r = new Random(100_003);
        int n = 100_003;
        int m = 50_001;
        BitVector x = BitVector.random(n, r);
        BitVector t = BitVector.random(n + m - 1, r);
        assertThat(ToeplitzHash.hash(x, t, m).sameBits(FftToeplitzHash.hash(x, t, m))).isTrue();
    }

    /** Same at 10^6 bits, the benchmark size (second level with Q = 27). */
    @Test
    void equalsTheFftMethodAt10To6Bits() {
        Random r = new Random(1_000_000);
        int n = 1_000_000;
        int m = 500_000;
        BitVector x = BitVector.random(n, r);
        BitVector t = BitVector.random(n + m - 1, r);
        assertThat(ToeplitzHash.hash(x, t, m).sameBits(FftToeplitzHash.hash(x, t, m))).isTrue();
    }

    @Test
    void fftMethodEqualsNaiveReferenceOnSmallBlocks() {
        Random r = new Random(5);
        for (int[] s : new int[][] {{1, 1}, {65, 1}, {257, 200}, {3001, 1234}}) {
            BitVector x = BitVector.random(s[0], r);
            BitVector t = BitVector.random(s[0] + s[1] - 1, r);
            assertThat(FftToeplitzHash.hash(x, t, s[1]).toBytes())
                    .isEqualTo(ToeplitzHash.naive(x, t, s[1]).toBytes());
        }
    }

    @Test
    void wrongSeedLengthIsRejected() {
        assertThatThrownBy(() -> ToeplitzHash.hash(new BitVector(10), new BitVector(10), 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
