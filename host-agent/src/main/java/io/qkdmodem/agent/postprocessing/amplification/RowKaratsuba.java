package io.qkdmodem.agent.postprocessing.amplification;

/**
 * Products of bit-sliced polynomials: row {@code r} of a polynomial is {@code width} words, bit
 * {@code q} of which is the coefficient of {@code x^r} of the {@code q}-th of {@code 64 width}
 * independent polynomials; rows are consecutive. A product is then row ANDs and row XORs over long
 * contiguous ranges. Karatsuba's recursion (Karatsuba and Ofman 1962) down to a schoolbook base.
 */
final class RowKaratsuba {
    /** Up to this many rows the register-blocked schoolbook product ends the recursion. */
    static final int SCHOOLBOOK_ROWS = 8;

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
            schoolbook(a, ao, b, bo, n, c, co, w);
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
        sum(s, sa, a, ao, h * w, hi * w);
        sum(s, sb, b, bo, h * w, hi * w);
        multiply(s, sa, s, sb, h, s, p1, s, deeper, w);
        // add the middle term p1 + p0 + p2 at x^h. In quarters of h rows, c = C0 | C1 | C2 | C3
        // with p0 = C0 + x^h C1 and p2 = C2 + x^h C3: C1 += p1_lo + C0 + C2 and C2 += p1_hi + C1 +
        // C3 (old C1), one pass
        int c1 = co + h * w;
        int c2 = c1 + h * w;
        int c3 = c2 + h * w;
        int ph = p1 + h * w;
        int full = Math.min((2 * n - 1) - 3 * h, h - 1) * w; // rows where C3 exists
        int both = (h - 1) * w; // rows where C2 is updated
        for (int i = 0; i < full; i++) {
            long t = c[c1 + i] ^ c[c2 + i];
            c[c1 + i] = t ^ c[co + i] ^ s[p1 + i];
            c[c2 + i] = t ^ c[c3 + i] ^ s[ph + i];
        }
        for (int i = full; i < both; i++) {
            long t = c[c1 + i] ^ c[c2 + i];
            c[c1 + i] = t ^ c[co + i] ^ s[p1 + i];
            c[c2 + i] = t ^ s[ph + i];
        }
        for (int i = both; i < h * w; i++) {
            c[c1 + i] ^= c[c2 + i] ^ c[co + i] ^ s[p1 + i];
        }
    }

    /** {@code dst[d, d + len) = src[s, s + len) + src[s + len, s + len + hiLen)} (shorter high). */
    private static void sum(long[] dst, int d, long[] src, int s, int len, int hiLen) {
        for (int i = 0; i < hiLen; i++) {
            dst[d + i] = src[s + i] ^ src[s + len + i];
        }
        System.arraycopy(src, s + hiLen, dst, d + hiLen, len - hiLen);
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

    /**
     * Schoolbook products of 1 to 8 rows with the operands held in registers word by word: each
     * output word is written once (the generic loop reads and writes it once per term).
     */
    private static void schoolbook(
            long[] a, int ao, long[] b, int bo, int n, long[] c, int co, int w) {
        switch (n) {
            case 1:
                for (int q = 0; q < w; q++) {
                    c[co + q] = a[ao + q] & b[bo + q];
                }
                break;
            case 2:
                mul2(a, ao, b, bo, c, co, w);
                break;
            case 3:
                mul3(a, ao, b, bo, c, co, w);
                break;
            case 4:
                mul4(a, ao, b, bo, c, co, w);
                break;
            case 5:
                mul5(a, ao, b, bo, c, co, w);
                break;
            case 6:
                mul6(a, ao, b, bo, c, co, w);
                break;
            case 7:
                mul7(a, ao, b, bo, c, co, w);
                break;
            default:
                mul8(a, ao, b, bo, c, co, w);
                break;
        }
    }

    private static void mul2(long[] a, int ao, long[] b, int bo, long[] c, int co, int w) {
        for (int q = 0; q < w; q++) {
            long a0 = a[ao + q];
            long a1 = a[ao + 1 * w + q];
            long b0 = b[bo + q];
            long b1 = b[bo + 1 * w + q];
            c[co + q] = (a0 & b0);
            c[co + 1 * w + q] = (a0 & b1) ^ (a1 & b0);
            c[co + 2 * w + q] = (a1 & b1);
        }
    }

    private static void mul3(long[] a, int ao, long[] b, int bo, long[] c, int co, int w) {
        for (int q = 0; q < w; q++) {
            long a0 = a[ao + q];
            long a1 = a[ao + 1 * w + q];
            long a2 = a[ao + 2 * w + q];
            long b0 = b[bo + q];
            long b1 = b[bo + 1 * w + q];
            long b2 = b[bo + 2 * w + q];
            c[co + q] = (a0 & b0);
            c[co + 1 * w + q] = (a0 & b1) ^ (a1 & b0);
            c[co + 2 * w + q] = (a0 & b2) ^ (a1 & b1) ^ (a2 & b0);
            c[co + 3 * w + q] = (a1 & b2) ^ (a2 & b1);
            c[co + 4 * w + q] = (a2 & b2);
        }
    }

    private static void mul4(long[] a, int ao, long[] b, int bo, long[] c, int co, int w) {
        for (int q = 0; q < w; q++) {
            long a0 = a[ao + q];
            long a1 = a[ao + 1 * w + q];
            long a2 = a[ao + 2 * w + q];
            long a3 = a[ao + 3 * w + q];
            long b0 = b[bo + q];
            long b1 = b[bo + 1 * w + q];
            long b2 = b[bo + 2 * w + q];
            long b3 = b[bo + 3 * w + q];
            c[co + q] = (a0 & b0);
            c[co + 1 * w + q] = (a0 & b1) ^ (a1 & b0);
            c[co + 2 * w + q] = (a0 & b2) ^ (a1 & b1) ^ (a2 & b0);
            c[co + 3 * w + q] = (a0 & b3) ^ (a1 & b2) ^ (a2 & b1) ^ (a3 & b0);
            c[co + 4 * w + q] = (a1 & b3) ^ (a2 & b2) ^ (a3 & b1);
            c[co + 5 * w + q] = (a2 & b3) ^ (a3 & b2);
            c[co + 6 * w + q] = (a3 & b3);
        }
    }

    private static void mul5(long[] a, int ao, long[] b, int bo, long[] c, int co, int w) {
        for (int q = 0; q < w; q++) {
            long a0 = a[ao + q];
            long a1 = a[ao + 1 * w + q];
            long a2 = a[ao + 2 * w + q];
            long a3 = a[ao + 3 * w + q];
            long a4 = a[ao + 4 * w + q];
            long b0 = b[bo + q];
            long b1 = b[bo + 1 * w + q];
            long b2 = b[bo + 2 * w + q];
            long b3 = b[bo + 3 * w + q];
            long b4 = b[bo + 4 * w + q];
            c[co + q] = (a0 & b0);
            c[co + 1 * w + q] = (a0 & b1) ^ (a1 & b0);
            c[co + 2 * w + q] = (a0 & b2) ^ (a1 & b1) ^ (a2 & b0);
            c[co + 3 * w + q] = (a0 & b3) ^ (a1 & b2) ^ (a2 & b1) ^ (a3 & b0);
            c[co + 4 * w + q] = (a0 & b4) ^ (a1 & b3) ^ (a2 & b2) ^ (a3 & b1) ^ (a4 & b0);
            c[co + 5 * w + q] = (a1 & b4) ^ (a2 & b3) ^ (a3 & b2) ^ (a4 & b1);
            c[co + 6 * w + q] = (a2 & b4) ^ (a3 & b3) ^ (a4 & b2);
            c[co + 7 * w + q] = (a3 & b4) ^ (a4 & b3);
            c[co + 8 * w + q] = (a4 & b4);
        }
    }

    private static void mul6(long[] a, int ao, long[] b, int bo, long[] c, int co, int w) {
        for (int q = 0; q < w; q++) {
            long a0 = a[ao + q];
            long a1 = a[ao + 1 * w + q];
            long a2 = a[ao + 2 * w + q];
            long a3 = a[ao + 3 * w + q];
            long a4 = a[ao + 4 * w + q];
            long a5 = a[ao + 5 * w + q];
            long b0 = b[bo + q];
            long b1 = b[bo + 1 * w + q];
            long b2 = b[bo + 2 * w + q];
            long b3 = b[bo + 3 * w + q];
            long b4 = b[bo + 4 * w + q];
            long b5 = b[bo + 5 * w + q];
            c[co + q] = (a0 & b0);
            c[co + 1 * w + q] = (a0 & b1) ^ (a1 & b0);
            c[co + 2 * w + q] = (a0 & b2) ^ (a1 & b1) ^ (a2 & b0);
            c[co + 3 * w + q] = (a0 & b3) ^ (a1 & b2) ^ (a2 & b1) ^ (a3 & b0);
            c[co + 4 * w + q] = (a0 & b4) ^ (a1 & b3) ^ (a2 & b2) ^ (a3 & b1) ^ (a4 & b0);
            c[co + 5 * w + q] =
                    (a0 & b5) ^ (a1 & b4) ^ (a2 & b3) ^ (a3 & b2) ^ (a4 & b1) ^ (a5 & b0);
            c[co + 6 * w + q] = (a1 & b5) ^ (a2 & b4) ^ (a3 & b3) ^ (a4 & b2) ^ (a5 & b1);
            c[co + 7 * w + q] = (a2 & b5) ^ (a3 & b4) ^ (a4 & b3) ^ (a5 & b2);
            c[co + 8 * w + q] = (a3 & b5) ^ (a4 & b4) ^ (a5 & b3);
            c[co + 9 * w + q] = (a4 & b5) ^ (a5 & b4);
            c[co + 10 * w + q] = (a5 & b5);
        }
    }

    private static void mul7(long[] a, int ao, long[] b, int bo, long[] c, int co, int w) {
        for (int q = 0; q < w; q++) {
            long a0 = a[ao + q];
            long a1 = a[ao + 1 * w + q];
            long a2 = a[ao + 2 * w + q];
            long a3 = a[ao + 3 * w + q];
            long a4 = a[ao + 4 * w + q];
            long a5 = a[ao + 5 * w + q];
            long a6 = a[ao + 6 * w + q];
            long b0 = b[bo + q];
            long b1 = b[bo + 1 * w + q];
            long b2 = b[bo + 2 * w + q];
            long b3 = b[bo + 3 * w + q];
            long b4 = b[bo + 4 * w + q];
            long b5 = b[bo + 5 * w + q];
            long b6 = b[bo + 6 * w + q];
            c[co + q] = (a0 & b0);
            c[co + 1 * w + q] = (a0 & b1) ^ (a1 & b0);
            c[co + 2 * w + q] = (a0 & b2) ^ (a1 & b1) ^ (a2 & b0);
            c[co + 3 * w + q] = (a0 & b3) ^ (a1 & b2) ^ (a2 & b1) ^ (a3 & b0);
            c[co + 4 * w + q] = (a0 & b4) ^ (a1 & b3) ^ (a2 & b2) ^ (a3 & b1) ^ (a4 & b0);
            c[co + 5 * w + q] =
                    (a0 & b5) ^ (a1 & b4) ^ (a2 & b3) ^ (a3 & b2) ^ (a4 & b1) ^ (a5 & b0);
            c[co + 6 * w + q] =
                    (a0 & b6) ^ (a1 & b5) ^ (a2 & b4) ^ (a3 & b3) ^ (a4 & b2) ^ (a5 & b1)
                            ^ (a6 & b0);
            c[co + 7 * w + q] =
                    (a1 & b6) ^ (a2 & b5) ^ (a3 & b4) ^ (a4 & b3) ^ (a5 & b2) ^ (a6 & b1);
            c[co + 8 * w + q] = (a2 & b6) ^ (a3 & b5) ^ (a4 & b4) ^ (a5 & b3) ^ (a6 & b2);
            c[co + 9 * w + q] = (a3 & b6) ^ (a4 & b5) ^ (a5 & b4) ^ (a6 & b3);
            c[co + 10 * w + q] = (a4 & b6) ^ (a5 & b5) ^ (a6 & b4);
            c[co + 11 * w + q] = (a5 & b6) ^ (a6 & b5);
            c[co + 12 * w + q] = (a6 & b6);
        }
    }

    private static void mul8(long[] a, int ao, long[] b, int bo, long[] c, int co, int w) {
        for (int q = 0; q < w; q++) {
            long a0 = a[ao + q];
            long a1 = a[ao + 1 * w + q];
            long a2 = a[ao + 2 * w + q];
            long a3 = a[ao + 3 * w + q];
            long a4 = a[ao + 4 * w + q];
            long a5 = a[ao + 5 * w + q];
            long a6 = a[ao + 6 * w + q];
            long a7 = a[ao + 7 * w + q];
            long b0 = b[bo + q];
            long b1 = b[bo + 1 * w + q];
            long b2 = b[bo + 2 * w + q];
            long b3 = b[bo + 3 * w + q];
            long b4 = b[bo + 4 * w + q];
            long b5 = b[bo + 5 * w + q];
            long b6 = b[bo + 6 * w + q];
            long b7 = b[bo + 7 * w + q];
            c[co + q] = (a0 & b0);
            c[co + 1 * w + q] = (a0 & b1) ^ (a1 & b0);
            c[co + 2 * w + q] = (a0 & b2) ^ (a1 & b1) ^ (a2 & b0);
            c[co + 3 * w + q] = (a0 & b3) ^ (a1 & b2) ^ (a2 & b1) ^ (a3 & b0);
            c[co + 4 * w + q] = (a0 & b4) ^ (a1 & b3) ^ (a2 & b2) ^ (a3 & b1) ^ (a4 & b0);
            c[co + 5 * w + q] =
                    (a0 & b5) ^ (a1 & b4) ^ (a2 & b3) ^ (a3 & b2) ^ (a4 & b1) ^ (a5 & b0);
            c[co + 6 * w + q] =
                    (a0 & b6) ^ (a1 & b5) ^ (a2 & b4) ^ (a3 & b3) ^ (a4 & b2) ^ (a5 & b1)
                            ^ (a6 & b0);
            c[co + 7 * w + q] =
                    (a0 & b7) ^ (a1 & b6) ^ (a2 & b5) ^ (a3 & b4) ^ (a4 & b3) ^ (a5 & b2)
                            ^ (a6 & b1) ^ (a7 & b0);
            c[co + 8 * w + q] =
                    (a1 & b7) ^ (a2 & b6) ^ (a3 & b5) ^ (a4 & b4) ^ (a5 & b3) ^ (a6 & b2)
                            ^ (a7 & b1);
            c[co + 9 * w + q] =
                    (a2 & b7) ^ (a3 & b6) ^ (a4 & b5) ^ (a5 & b4) ^ (a6 & b3) ^ (a7 & b2);
            c[co + 10 * w + q] = (a3 & b7) ^ (a4 & b6) ^ (a5 & b5) ^ (a6 & b4) ^ (a7 & b3);
            c[co + 11 * w + q] = (a4 & b7) ^ (a5 & b6) ^ (a6 & b5) ^ (a7 & b4);
            c[co + 12 * w + q] = (a5 & b7) ^ (a6 & b6) ^ (a7 & b5);
            c[co + 13 * w + q] = (a6 & b7) ^ (a7 & b6);
            c[co + 14 * w + q] = (a7 & b7);
        }
    }
}
