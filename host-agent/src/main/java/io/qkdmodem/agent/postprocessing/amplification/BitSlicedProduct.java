package io.qkdmodem.agent.postprocessing.amplification;

import java.util.Arrays;

/**
 * All pointwise products of two ternary spectra at once, bit-sliced: the {@code N} elements of
 * {@code 2K} bits are transposed so that row {@code b} holds bit {@code b} of every element ({@code
 * lanes} words, one bit per element). A product of polynomials is then a sequence of row ANDs and
 * row XORs that serves all {@code N} products together, 64 per word; multiplication by {@code x^j}
 * is a row offset. Rows are multiplied by Karatsuba's recursion (Karatsuba and Ofman 1962) down to
 * a schoolbook base, and the {@code 4K - 1}-row product is reduced with {@code x^{2K} = x^K + 1}.
 * This replaces a table-driven 64 x 64 carry-less product at the leaves, which Java 17 cannot do in
 * hardware.
 */
final class BitSlicedProduct {
    /** Below this many rows the schoolbook product is cheaper than another Karatsuba level. */
    private static final int SCHOOLBOOK_ROWS = 12;

    private final int points;
    private final int words;
    private final int rows;
    private final int lanes;
    private final long[] ra;
    private final long[] rb;
    private final long[] prod;
    private final long[] scratch;
    private final long[] block = new long[64];

    BitSlicedProduct(int points, int bigK) {
        this.points = points;
        this.rows = 2 * bigK;
        this.words = (rows + 63) >>> 6;
        this.lanes = (points + 63) >>> 6;
        this.ra = new long[rows * lanes];
        this.rb = new long[rows * lanes];
        this.prod = new long[2 * rows - 1];
        this.scratch = new long[scratchRows(rows)];
    }

    private static int scratchRows(int n) {
        int total = 0;
        while (n > SCHOOLBOOK_ROWS) {
            int h = (n + 1) >>> 1;
            total += 4 * h - 1;
            n = h;
        }
        return total;
    }

    /**
     * {@code a[e] = a[e] * b[e] mod (x^{2K} + x^K + 1)} for every element {@code e} of two arrays
     * laid out as in {@link TernaryDft}.
     */
    void multiplyInto(long[] a, long[] b) {
        toRows(a, ra);
        toRows(b, rb);
        int k = rows >>> 1;
        for (int lane = 0; lane < lanes; lane++) {
            int o = lane * rows;
            multiply(ra, o, rb, o, rows, prod, 0, scratch, 0);
            // x^{2K} = x^K + 1, from the top: rows [3K, 4K - 1) first, then [2K, 3K)
            xorRows(prod, k, prod, 3 * k, k - 1);
            xorRows(prod, 2 * k, prod, 3 * k, k - 1);
            xorRows(prod, 0, prod, 2 * k, k);
            xorRows(prod, k, prod, 2 * k, k);
            System.arraycopy(prod, 0, ra, o, rows);
        }
        fromRows(ra, a);
    }

    /** Zeroizes the buffers (they hold key-dependent data). */
    void clear() {
        Arrays.fill(ra, 0L);
        Arrays.fill(rb, 0L);
        Arrays.fill(prod, 0L);
        Arrays.fill(scratch, 0L);
        Arrays.fill(block, 0L);
    }

    /** Element bit {@code b} of element {@code 64 lane + i} to bit {@code i} of row {@code b}. */
    private void toRows(long[] elems, long[] out) {
        int w = words;
        for (int lane = 0; lane < lanes; lane++) {
            int e0 = lane << 6;
            int count = Math.min(64, points - e0);
            int base = lane * rows;
            for (int word = 0; word < w; word++) {
                for (int i = 0; i < count; i++) {
                    block[i] = elems[(e0 + i) * w + word];
                }
                for (int i = count; i < 64; i++) {
                    block[i] = 0L;
                }
                Bits.transpose64(block, 0);
                int r0 = word << 6;
                System.arraycopy(block, 0, out, base + r0, Math.min(64, rows - r0));
            }
        }
    }

    private void fromRows(long[] in, long[] elems) {
        int w = words;
        for (int lane = 0; lane < lanes; lane++) {
            int e0 = lane << 6;
            int count = Math.min(64, points - e0);
            int base = lane * rows;
            for (int word = 0; word < w; word++) {
                int r0 = word << 6;
                int rmax = Math.min(64, rows - r0);
                System.arraycopy(in, base + r0, block, 0, rmax);
                for (int i = rmax; i < 64; i++) {
                    block[i] = 0L;
                }
                Bits.transpose64(block, 0);
                for (int i = 0; i < count; i++) {
                    elems[(e0 + i) * w + word] = block[i];
                }
            }
        }
    }

    /**
     * {@code c[co, co + 2n - 1)} = product of the {@code n}-row polynomials at {@code a[ao]} and
     * {@code b[bo]} (one word per row: 64 products side by side); {@code s[so...]} is scratch.
     */
    private static void multiply(
            long[] a, int ao, long[] b, int bo, int n, long[] c, int co, long[] s, int so) {
        if (n <= SCHOOLBOOK_ROWS) {
            for (int r = 0; r < 2 * n - 1; r++) {
                int lo = Math.max(0, r - n + 1);
                int hi = Math.min(r, n - 1);
                long acc = 0;
                for (int i = lo; i <= hi; i++) {
                    acc ^= a[ao + i] & b[bo + r - i];
                }
                c[co + r] = acc;
            }
            return;
        }
        int h = (n + 1) >>> 1;
        int hi = n - h;
        // p0 = a0 b0 in c[0, 2h - 1); p2 = a1 b1 in c[2h, 2n - 1); row 2h - 1 is zero
        multiply(a, ao, b, bo, h, c, co, s, so);
        c[co + 2 * h - 1] = 0L;
        multiply(a, ao + h, b, bo + h, hi, c, co + 2 * h, s, so);
        // sa = a0 + a1, sb = b0 + b1 (h rows each), p1 = sa sb (2h - 1 rows)
        int sa = so;
        int sb = so + h;
        int p1 = so + 2 * h;
        int deeper = p1 + 2 * h - 1;
        System.arraycopy(a, ao, s, sa, h);
        System.arraycopy(b, bo, s, sb, h);
        xorRows(s, sa, a, ao + h, hi);
        xorRows(s, sb, b, bo + h, hi);
        multiply(s, sa, s, sb, h, s, p1, s, deeper);
        // middle term p1 - p0 - p2, added at x^h
        xorRows(s, p1, c, co, 2 * h - 1);
        xorRows(s, p1, c, co + 2 * h, 2 * hi - 1);
        xorRows(c, co + h, s, p1, 2 * h - 1);
    }

    private static void xorRows(long[] dst, int d, long[] src, int s, int len) {
        for (int i = 0; i < len; i++) {
            dst[d + i] ^= src[s + i];
        }
    }
}
