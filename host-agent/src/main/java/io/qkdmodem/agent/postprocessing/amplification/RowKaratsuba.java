package io.qkdmodem.agent.postprocessing.amplification;

/**
 * Products of bit-sliced polynomials: row {@code r} of a polynomial is {@code width} words, bit
 * {@code q} of which is the coefficient of {@code x^r} of the {@code q}-th of {@code 64 width}
 * independent polynomials; rows are consecutive. A product is then row ANDs and row XORs over long
 * contiguous ranges. Karatsuba's recursion (Karatsuba and Ofman 1962) down to a schoolbook base.
 */
final class RowKaratsuba {
    /** Below this many rows the schoolbook product is cheaper than another Karatsuba level. */
    static final int SCHOOLBOOK_ROWS = 12;

    private RowKaratsuba() {}

    /** Scratch rows {@link #multiply} needs for {@code n}-row operands. */
    static int scratchRows(int n) {
        int total = 0;
        while (n > SCHOOLBOOK_ROWS) {
            int h = (n + 1) >>> 1;
            total += 4 * h - 1;
            n = h;
        }
        return total;
    }

    /**
     * Rows {@code c[co, co + 2n - 1)} = product of the {@code n}-row polynomials at {@code a[ao]}
     * and {@code b[bo]} (offsets in words, rows of {@code w} words); {@code s[so...]} is scratch of
     * {@link #scratchRows} rows. {@code c} must not overlap the operands.
     */
    static void multiply(
            long[] a, int ao, long[] b, int bo, int n, long[] c, int co, long[] s, int so, int w) {
        if (n <= SCHOOLBOOK_ROWS) {
            java.util.Arrays.fill(c, co, co + (2 * n - 1) * w, 0L);
            for (int i = 0; i < n; i++) {
                int ai = ao + i * w;
                for (int j = 0; j < n; j++) {
                    andXor(c, co + (i + j) * w, a, ai, b, bo + j * w, w);
                }
            }
            return;
        }
        int h = (n + 1) >>> 1;
        int hi = n - h;
        // p0 = a0 b0 in c[0, 2h - 1); p2 = a1 b1 in c[2h, 2n - 1); row 2h - 1 is zero
        multiply(a, ao, b, bo, h, c, co, s, so, w);
        java.util.Arrays.fill(c, co + (2 * h - 1) * w, co + 2 * h * w, 0L);
        multiply(a, ao + h * w, b, bo + h * w, hi, c, co + 2 * h * w, s, so, w);
        // sa = a0 + a1, sb = b0 + b1 (h rows each), p1 = sa sb (2h - 1 rows)
        int sa = so;
        int sb = so + h * w;
        int p1 = so + 2 * h * w;
        int deeper = p1 + (2 * h - 1) * w;
        System.arraycopy(a, ao, s, sa, h * w);
        System.arraycopy(b, bo, s, sb, h * w);
        xor(s, sa, a, ao + h * w, hi * w);
        xor(s, sb, b, bo + h * w, hi * w);
        multiply(s, sa, s, sb, h, s, p1, s, deeper, w);
        // middle term p1 + p0 + p2, added at x^h
        xor(s, p1, c, co, (2 * h - 1) * w);
        xor(s, p1, c, co + 2 * h * w, (2 * hi - 1) * w);
        xor(c, co + h * w, s, p1, (2 * h - 1) * w);
    }

    /**
     * Reduces the {@code top}-row polynomial at {@code c[co]} in place modulo {@code x^{2K} + x^K +
     * 1} ({@code x^{2K} = x^K + 1}), leaving the result in rows {@code [0, 2K)}.
     */
    static void reduce(long[] c, int co, int top, int bigK, int w) {
        int twoK = 2 * bigK;
        while (top > twoK) {
            int lo = Math.max(twoK, top - bigK);
            int len = (top - lo) * w;
            xor(c, co + (lo - twoK) * w, c, co + lo * w, len);
            xor(c, co + (lo - bigK) * w, c, co + lo * w, len);
            top = lo;
        }
    }

    /** {@code dst[d, d + len) ^= src[s, s + len)}; the ranges must not overlap unless equal. */
    static void xor(long[] dst, int d, long[] src, int s, int len) {
        for (int i = 0; i < len; i++) {
            dst[d + i] ^= src[s + i];
        }
    }

    private static void andXor(long[] c, int co, long[] a, int ao, long[] b, int bo, int len) {
        for (int i = 0; i < len; i++) {
            c[co + i] ^= a[ao + i] & b[bo + i];
        }
    }
}
