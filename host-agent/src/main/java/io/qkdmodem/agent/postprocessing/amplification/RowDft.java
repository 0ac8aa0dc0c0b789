package io.qkdmodem.agent.postprocessing.amplification;

import java.util.Arrays;

/**
 * {@link TernaryDft} on bit-sliced elements: an element of {@code R_K} is {@code 2K} rows of {@code
 * w} words (row {@code r} holds the coefficients of {@code x^r} of {@code 64 w} independent
 * elements), so multiplying by {@code x^e} moves whole rows and every butterfly is XORs of long
 * contiguous word ranges. Same transforms, same orders, same formulas as {@link TernaryDft}.
 */
final class RowDft {
    final int points;
    final int bigK;
    final int width;

    /** Words per element: {@code 2K} rows of {@link #width} words. */
    final int elementWords;

    private final long[] u;
    private final long[] v;

    RowDft(int points, int bigK, int width) {
        this.points = points;
        this.bigK = bigK;
        this.width = width;
        this.elementWords = 2 * bigK * width;
        this.u = new long[elementWords];
        this.v = new long[elementWords];
    }

    void clear() {
        Arrays.fill(u, 0L);
        Arrays.fill(v, 0L);
    }

    void forward(long[] a, int off) {
        for (int s = points / 3; s >= 1; s /= 3) {
            int step = bigK / s;
            for (int g = 0; g < points; g += 3 * s) {
                for (int j = 0; j < s; j++) {
                    forwardButterfly(a, off + (g + j) * elementWords, s, j * step);
                }
            }
        }
    }

    void inverse(long[] a, int off) {
        for (int s = 1; s < points; s *= 3) {
            int step = bigK / s;
            for (int g = 0; g < points; g += 3 * s) {
                for (int j = 0; j < s; j++) {
                    inverseButterfly(a, off + (g + j) * elementWords, s, j * step);
                }
            }
        }
    }

    /**
     * {@code (a0, a1, a2) -> (a0 + a1 + a2, x^e (a0 + a2 + zeta t), x^2e (a0 + a1 + zeta t))} with
     * {@code t = a1 + a2} (see {@link TernaryDft}); {@code zeta t = (t_hi, t_lo + t_hi)} in halves
     * of {@code K} rows, so the first three outputs come from one pass over the rows.
     */
    private void forwardButterfly(long[] a, int o0, int s, int e) {
        int ew = elementWords;
        int o1 = o0 + s * ew;
        int o2 = o1 + s * ew;
        int hw = bigK * width; // words per half
        boolean direct = e == 0;
        long[] du = direct ? a : u;
        int uo = direct ? o1 : 0;
        long[] dv = direct ? a : v;
        int vo = direct ? o2 : 0;
        for (int i = 0; i < hw; i++) {
            int j = i + hw;
            long a0l = a[o0 + i];
            long a0h = a[o0 + j];
            long a1l = a[o1 + i];
            long a1h = a[o1 + j];
            long a2l = a[o2 + i];
            long a2h = a[o2 + j];
            long tl = a1l ^ a2l;
            long th = a1h ^ a2h;
            long zh = tl ^ th; // zeta t: low half t_hi, high half t_lo + t_hi
            a[o0 + i] = a0l ^ tl;
            a[o0 + j] = a0h ^ th;
            du[uo + i] = a0l ^ a2l ^ th;
            du[uo + j] = a0h ^ a2h ^ zh;
            dv[vo + i] = a0l ^ a1l ^ th;
            dv[vo + j] = a0h ^ a1h ^ zh;
        }
        if (!direct) {
            rotate(a, o1, u, 0, e);
            rotate(a, o2, v, 0, 2 * e);
        }
    }

    /**
     * The inverse of {@link #forwardButterfly}: {@code c1 = x^-e a1}, {@code c2 = x^-2e a2}, {@code
     * t = c1 + c2}, then {@code (a0 + t, a0 + c1 + zeta t, a0 + c2 + zeta t)}.
     */
    private void inverseButterfly(long[] a, int o0, int s, int e) {
        int ew = elementWords;
        int o1 = o0 + s * ew;
        int o2 = o1 + s * ew;
        long[] c1 = a;
        int c1o = o1;
        long[] c2 = a;
        int c2o = o2;
        if (e != 0) {
            rotate(u, 0, a, o1, 3 * bigK - e);
            rotate(v, 0, a, o2, 3 * bigK - 2 * e);
            c1 = u;
            c1o = 0;
            c2 = v;
            c2o = 0;
        }
        int hw = bigK * width;
        for (int i = 0; i < hw; i++) {
            int j = i + hw;
            long a0l = a[o0 + i];
            long a0h = a[o0 + j];
            long c1l = c1[c1o + i];
            long c1h = c1[c1o + j];
            long c2l = c2[c2o + i];
            long c2h = c2[c2o + j];
            long tl = c1l ^ c2l;
            long th = c1h ^ c2h;
            long zh = tl ^ th;
            a[o0 + i] = a0l ^ tl;
            a[o0 + j] = a0h ^ th;
            a[o1 + i] = a0l ^ c1l ^ th;
            a[o1 + j] = a0h ^ c1h ^ zh;
            a[o2 + i] = a0l ^ c2l ^ th;
            a[o2 + j] = a0h ^ c2h ^ zh;
        }
    }

    /**
     * {@code dst[d...] = x^e * src[s...] mod (x^{2K} + x^K + 1)} (overwrites; {@code 0 < e < 3K};
     * the ranges must not overlap). Modulo {@code x^{3K} - 1} the rows {@code [0, 2K)} of {@code
     * src} land on the cyclic interval {@code [e, e + 2K)}: the part inside {@code [0, 2K)} is
     * copied, the rest of {@code [0, 2K)} is zeroed, and the part at degrees {@code [2K, 3K)} is
     * folded back with {@code x^{2K} = x^K + 1}.
     */
    private void rotate(long[] dst, int d, long[] src, int s, int e) {
        int k = bigK;
        int w = width;
        int twoK = 2 * k;
        int threeK = 3 * k;
        // rows of [0, 2K) not reached directly: the cyclic interval [e - K, e)
        int g0 = e - k;
        if (g0 < 0) {
            zeroRows(dst, d, g0 + threeK, threeK);
            zeroRows(dst, d, 0, e);
        } else {
            zeroRows(dst, d, g0, e);
        }
        int p = 0;
        while (p < twoK) {
            int to = p + e;
            if (to >= threeK) {
                to -= threeK;
            }
            int run;
            if (to < twoK) {
                run = Math.min(twoK - to, twoK - p);
                System.arraycopy(src, s + p * w, dst, d + to * w, run * w);
            } else {
                run = Math.min(threeK - to, twoK - p);
            }
            p += run;
        }
        p = 0;
        while (p < twoK) {
            int to = p + e;
            if (to >= threeK) {
                to -= threeK;
            }
            int run;
            if (to < twoK) {
                run = Math.min(twoK - to, twoK - p);
            } else {
                run = Math.min(threeK - to, twoK - p);
                RowKaratsuba.xor(dst, d + (to - twoK) * w, src, s + p * w, run * w);
                RowKaratsuba.xor(dst, d + (to - k) * w, src, s + p * w, run * w);
            }
            p += run;
        }
    }

    /**
     * {@code dst[d...] ^= x^e * src[s...] mod (x^{2K} + x^K + 1)} where {@code src} has {@code
     * srcRows <= 2K} rows ({@code 0 <= e < 3K}; the ranges must not overlap).
     */
    void rotateXor(long[] dst, int d, long[] src, int s, int srcRows, int e) {
        int k = bigK;
        int w = width;
        int twoK = 2 * k;
        int threeK = 3 * k;
        int p = 0;
        while (p < srcRows) {
            int to = p + e;
            if (to >= threeK) {
                to -= threeK;
            }
            int run;
            if (to < twoK) {
                run = Math.min(twoK - to, srcRows - p);
                RowKaratsuba.xor(dst, d + to * w, src, s + p * w, run * w);
            } else {
                run = Math.min(threeK - to, srcRows - p);
                RowKaratsuba.xor(dst, d + (to - twoK) * w, src, s + p * w, run * w);
                RowKaratsuba.xor(dst, d + (to - k) * w, src, s + p * w, run * w);
            }
            p += run;
        }
    }

    /** Zeroes rows {@code [from, to) ∩ [0, 2K)} of the element at {@code dst[d]}. */
    private void zeroRows(long[] dst, int d, int from, int to) {
        int lo = Math.max(from, 0);
        int hi = Math.min(to, 2 * bigK);
        if (lo < hi) {
            Arrays.fill(dst, d + lo * width, d + hi * width, 0L);
        }
    }
}
