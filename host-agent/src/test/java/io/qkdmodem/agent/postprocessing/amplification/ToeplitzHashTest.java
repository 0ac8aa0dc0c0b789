package io.qkdmodem.agent.postprocessing.amplification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ToeplitzHashTest {

    @Test
    void fftEqualsNaiveReferenceOnSmallBlocks() {
        long seed = 20261126L;
        Random r = new Random(seed);
        int[][] sizes = {
            {1, 1},
            {2, 1},
            {5, 3},
            {64, 64},
            {65, 1},
            {100, 37},
            {257, 200},
            {1000, 500},
            {1500, 1},
            {2048, 2048},
            {3001, 1234}
        };
        for (int[] s : sizes) {
            BitVector x = BitVector.random(s[0], r);
            BitVector t = BitVector.random(ToeplitzHash.seedLength(s[0], s[1]), r);
            assertThat(ToeplitzHash.hash(x, t, s[1]).toBytes())
                    .as("n=%d m=%d seed=%d", s[0], s[1], seed)
                    .isEqualTo(ToeplitzHash.naive(x, t, s[1]).toBytes());
        }
        for (int i = 0; i < 40; i++) {
            int n = 1 + r.nextInt(700);
            int m = 1 + r.nextInt(n);
            BitVector x = BitVector.random(n, r);
            BitVector t = BitVector.random(n + m - 1, r);
            assertThat(ToeplitzHash.hash(x, t, m).toBytes())
                    .as("n=%d m=%d seed=%d", n, m, seed)
                    .isEqualTo(ToeplitzHash.naive(x, t, m).toBytes());
        }
    }

    /** All-ones inputs give the largest coefficients (n); the FFT must still round exactly. */
    @Test
    void worstCaseCoefficientsAreExact() {
        int n = 4096;
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
        // every output bit is the parity of n ones
        assertThat(y.cardinality()).isEqualTo(n % 2 == 0 ? 0 : m);
        assertThat(y.toBytes()).isEqualTo(ToeplitzHash.naive(x, t, m).toBytes());
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

    @Test
    void wrongSeedLengthIsRejected() {
        assertThatThrownBy(() -> ToeplitzHash.hash(new BitVector(10), new BitVector(10), 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
