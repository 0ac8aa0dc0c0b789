package io.qkdmodem.agent.postprocessing.amplification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RowProductTest {

    /** Lane {@code q} of a bit-sliced element: bit q of each of its 2K rows (width w words). */
    private static long[] lane(long[] rows, int bigK, int w, int q) {
        long[] p = new long[(2 * bigK + 63) / 64];
        for (int r = 0; r < 2 * bigK; r++) {
            if (((rows[r * w + q / 64] >>> q) & 1L) != 0) {
                p[r >>> 6] |= 1L << r;
            }
        }
        return p;
    }

    /** Bit-by-bit product modulo x^{2K} + x^K + 1, the reference. */
    private static long[] reference(long[] a, long[] b, int bigK) {
        int n = 2 * bigK;
        boolean[] c = new boolean[2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (((a[i >>> 6] >>> i) & 1L) != 0 && ((b[j >>> 6] >>> j) & 1L) != 0) {
                    c[i + j] ^= true;
                }
            }
        }
        for (int r = 2 * n - 1; r >= n; r--) {
            if (c[r]) {
                c[r - n] ^= true; // x^{2K} = x^K + 1
                c[r - bigK] ^= true;
                c[r] = false;
            }
        }
        long[] out = new long[(n + 63) / 64];
        for (int r = 0; r < n; r++) {
            if (c[r]) {
                out[r >>> 6] |= 1L << r;
            }
        }
        return out;
    }

    private static void check(RowProduct product, int bigK, int w, long seed) {
        Random r = new Random(seed);
        long[] a = new long[2 * bigK * w];
        long[] b = new long[2 * bigK * w];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextLong();
            b[i] = r.nextLong();
        }
        long[] a0 = a.clone();
        product.multiply(a, 0, b, 0);
        for (int q = 0; q < 64 * w; q += 13) {
            assertThat(lane(a, bigK, w, q))
                    .as("K=%d lane %d seed %d", bigK, q, seed)
                    .isEqualTo(reference(lane(a0, bigK, w, q), lane(b, bigK, w, q), bigK));
        }
    }

    @Test
    void karatsubaOnRowsEqualsTheBitByBitProduct() {
        for (int bigK : new int[] {1, 2, 3, 5, 7, 9, 13, 27, 40}) {
            check(RowProduct.direct(bigK, 2), bigK, 2, bigK);
        }
    }

    @Test
    void everySplitEqualsTheBitByBitProduct() {
        // K = Q M: each admissible Q, including K' chosen recursively (270 -> Q 9 -> K' 36)
        int[][] splits = {{9, 3}, {27, 3}, {27, 9}, {81, 9}, {81, 27}, {162, 27}, {270, 9}};
        for (int[] s : splits) {
            int bigK = s[0];
            int q = s[1];
            int m = bigK / q;
            int innerK = (m + q - 1) / q * q;
            int stages = 0;
            for (int p = q; p > 1; p /= 3) {
                stages++;
            }
            RowProduct.Split split = new RowProduct.Split(bigK, q, stages, m, innerK);
            check(RowProduct.split(split, 1), bigK, 1, 31L * bigK + q);
        }
    }

    @Test
    void theChosenPlanForTheBenchmarkSizeIsOneSplitLevel() {
        // n = 10^6, m = n / 2: K = 729 = 27 * 27, pointwise in R_27 by Karatsuba
        assertThat(RowProduct.plan(729)).isEqualTo(new RowProduct.Split(729, 27, 3, 27, 27));
        assertThat(RowProduct.plan(27)).isNull();
    }
}
