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

    private final long[] t;
    private final long[] u;
    private final long[] v;
    private final long[] z;

    RowDft(int points, int bigK, int width) {
        this.points = points;
        this.bigK = bigK;
        this.width = width;
        this.elementWords = 2 * bigK * width;
        this.t = new long[elementWords];
        this.u = new long[elementWords];
        this.v = new long[elementWords];
        this.z = new long[elementWords];
    }

    void clear() {
        Arrays.fill(t, 0L);
        Arrays.fill(u, 0L);
        Arrays.fill(v, 0L);
        Arrays.fill(z, 0L);
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

    private void forwardButterfly(long[] a, int o0, int s, int e) {
        int w = elementWords;
        int o1 = o0 + s * w;
        int o2 = o1 + s * w;
        for (int i = 0; i < w; i++) {
            long a0 = a[o0 + i];
            long a1 = a[o1 + i];
            long a2 = a[o2 + i];
            long ti = a1 ^ a2;
            t[i] = ti;
            a[o0 + i] = a0 ^ ti;
            u[i] = a0 ^ a2;
            v[i] = a0 ^ a1;
        }
        mulXPow(z, 0, t, 0, bigK);
        if (e == 0) {
            for (int i = 0; i < w; i++) {
                a[o1 + i] = u[i] ^ z[i];
                a[o2 + i] = v[i] ^ z[i];
            }
            return;
        }
        for (int i = 0; i < w; i++) {
            u[i] ^= z[i];
            v[i] ^= z[i];
        }
        mulXPow(a, o1, u, 0, e);
        mulXPow(a, o2, v, 0, 2 * e);
    }

    private void inverseButterfly(long[] a, int o0, int s, int e) {
        int w = elementWords;
        int o1 = o0 + s * w;
        int o2 = o1 + s * w;
        long[] c1;
        int c1o;
        long[] c2;
        int c2o;
        if (e == 0) {
            c1 = a;
            c1o = o1;
            c2 = a;
            c2o = o2;
        } else {
            mulXPow(u, 0, a, o1, 3 * bigK - e);
            mulXPow(v, 0, a, o2, 3 * bigK - 2 * e);
            c1 = u;
            c1o = 0;
            c2 = v;
            c2o = 0;
        }
        for (int i = 0; i < w; i++) {
            t[i] = c1[c1o + i] ^ c2[c2o + i];
        }
        mulXPow(z, 0, t, 0, bigK);
        for (int i = 0; i < w; i++) {
            long a0 = a[o0 + i];
            long zi = z[i];
            long x1 = c1[c1o + i];
            long x2 = c2[c2o + i];
            a[o0 + i] = a0 ^ t[i];
            a[o1 + i] = a0 ^ x1 ^ zi;
            a[o2 + i] = a0 ^ x2 ^ zi;
        }
    }

    /**
     * {@code dst[d...] = x^e * src[s...] mod (x^{2K} + x^K + 1)} (overwrites; {@code 0 <= e < 3K};
     * the ranges must not overlap): the rotation modulo {@code x^{3K} - 1} splits into at most
     * three runs of rows, those landing at degrees {@code [2K, 3K)} folded back with {@code x^{2K}
     * = x^K + 1}.
     */
    private void mulXPow(long[] dst, int d, long[] src, int s, int e) {
        int k = bigK;
        int w = width;
        int twoK = 2 * k;
        // target rows [0, 2K): those reached directly are copied, the rest start at zero
        Arrays.fill(dst, d, d + twoK * w, 0L);
        int p = 0;
        while (p < twoK) {
            int to = p + e;
            if (to >= 3 * k) {
                to -= 3 * k;
            }
            int run;
            if (to < twoK) {
                run = Math.min(twoK - to, twoK - p);
                RowKaratsuba.xor(dst, d + to * w, src, s + p * w, run * w);
            } else {
                run = Math.min(3 * k - to, twoK - p);
                RowKaratsuba.xor(dst, d + (to - twoK) * w, src, s + p * w, run * w);
                RowKaratsuba.xor(dst, d + (to - k) * w, src, s + p * w, run * w);
            }
            p += run;
        }
    }
}
