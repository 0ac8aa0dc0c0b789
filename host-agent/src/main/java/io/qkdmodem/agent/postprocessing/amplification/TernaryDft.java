package io.qkdmodem.agent.postprocessing.amplification;

import java.util.Arrays;

/**
 * Schönhage's ternary DFT over {@code R_K = GF(2)[x] / (x^{2K} + x^K + 1)} (Schönhage, Acta
 * Informatica 7, 1977; Brent, Gaudry, Thomé, Zimmermann, "Faster multiplication in GF(2)[x]", ANTS
 * 2008, section 3).
 *
 * <p>In {@code R_K}, {@code x^{3K} = 1} and {@code zeta = x^K} satisfies {@code zeta^2 + zeta + 1 =
 * 0}; so for {@code N = 3^k} points with {@code 3^{k-1} | K}, {@code omega = x^{3K/N}} is a
 * principal {@code N}-th root of unity and every twiddle factor is a power of {@code x}:
 * butterflies are shifted XORs of word arrays, no multiplications. Since {@code N = 3^k} is odd,
 * {@code N = 1} in characteristic 2 and the inverse needs no scaling.
 *
 * <p>Elements are {@code 2K}-bit polynomials, {@link #words} words each, element {@code e} at word
 * {@code e * words} of one array (one spare word at the end, see {@link Bits#xorBits}). The forward
 * transform is a decimation in frequency leaving the spectrum in base-3 digit-reversed order; the
 * inverse is a decimation in time taking that order back to natural order, so pointwise products
 * need no reordering.
 */
final class TernaryDft {
    /** {@code N = 3^k}, the number of points. */
    final int points;

    /** {@code K}: elements live modulo {@code x^{2K} + x^K + 1}. */
    final int bigK;

    /** Words per element ({@code 2K} bits). */
    final int words;

    private final long[] t;
    private final long[] u;
    private final long[] v;
    private final long[] z;

    TernaryDft(int points, int bigK) {
        this.points = points;
        this.bigK = bigK;
        this.words = (2 * bigK + 63) >>> 6;
        this.t = new long[words + 1];
        this.u = new long[words + 1];
        this.v = new long[words + 1];
        this.z = new long[words + 1];
    }

    /** Zeroizes the temporaries (they hold key-dependent data). */
    void clear() {
        Arrays.fill(t, 0L);
        Arrays.fill(u, 0L);
        Arrays.fill(v, 0L);
        Arrays.fill(z, 0L);
    }

    /** Length of an array holding all points. */
    int arrayLength() {
        return points * words + 1;
    }

    /** In-place forward transform of {@code a}: natural order in, digit-reversed order out. */
    void forward(long[] a) {
        for (int s = points / 3; s >= 1; s /= 3) {
            int step = bigK / s; // twiddle of index j at span s: omega^(j N / 3s) = x^(j K / s)
            for (int g = 0; g < points; g += 3 * s) {
                for (int j = 0; j < s; j++) {
                    forwardButterfly(a, g + j, s, j * step);
                }
            }
        }
    }

    /** In-place inverse transform of {@code a}: digit-reversed order in, natural order out. */
    void inverse(long[] a) {
        for (int s = 1; s < points; s *= 3) {
            int step = bigK / s;
            for (int g = 0; g < points; g += 3 * s) {
                for (int j = 0; j < s; j++) {
                    inverseButterfly(a, g + j, s, j * step);
                }
            }
        }
    }

    /**
     * {@code (a0, a1, a2) -> (a0 + a1 + a2, x^e (a0 + zeta a1 + zeta^2 a2), x^2e (a0 + zeta^2 a1 +
     * zeta a2))}; with {@code zeta^2 = zeta + 1} and {@code t = a1 + a2} the last two are {@code
     * x^e (a0 + a2 + zeta t)} and {@code x^2e (a0 + a1 + zeta t)}.
     */
    private void forwardButterfly(long[] a, int i0, int s, int e) {
        int w = words;
        int o0 = i0 * w;
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
            z[i] = 0;
        }
        mulXPowXor(z, 0, t, 0, bigK);
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
        Arrays.fill(a, o1, o1 + w, 0L);
        Arrays.fill(a, o2, o2 + w, 0L);
        mulXPowXor(a, o1 << 6, u, 0, e);
        mulXPowXor(a, o2 << 6, v, 0, 2 * e);
    }

    /**
     * The inverse of {@link #forwardButterfly} up to the factor 3 (= 1): {@code c1 = x^-e a1},
     * {@code c2 = x^-2e a2}, {@code t = c1 + c2}, then {@code (a0 + t, a0 + c1 + zeta t, a0 + c2 +
     * zeta t)} (zeta^-1 = zeta^2 = zeta + 1).
     */
    private void inverseButterfly(long[] a, int i0, int s, int e) {
        int w = words;
        int o0 = i0 * w;
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
            Arrays.fill(u, 0L);
            Arrays.fill(v, 0L);
            mulXPowXor(u, 0, a, o1 << 6, 3 * bigK - e);
            mulXPowXor(v, 0, a, o2 << 6, 3 * bigK - 2 * e);
            c1 = u;
            c1o = 0;
            c2 = v;
            c2o = 0;
        }
        for (int i = 0; i < w; i++) {
            t[i] = c1[c1o + i] ^ c2[c2o + i];
            z[i] = 0;
        }
        mulXPowXor(z, 0, t, 0, bigK);
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
     * {@code dst[dBit, dBit + 2K) ^= x^e * src[sBit, sBit + 2K) mod (x^{2K} + x^K + 1)}, for {@code
     * 0 <= e < 3K}: a rotation modulo {@code x^{3K} - 1} (a multiple of the modulus), whose part at
     * degrees {@code [2K, 3K)} is folded back with {@code x^{2K} = x^K + 1}.
     */
    void mulXPowXor(long[] dst, int dBit, long[] src, int sBit, int e) {
        int k = bigK;
        int twoK = 2 * k;
        int threeK = 3 * k;
        int p = 0;
        while (p < twoK) {
            int to = p + e;
            if (to >= threeK) {
                to -= threeK;
            }
            int run;
            if (to < twoK) {
                run = Math.min(twoK - to, twoK - p);
                Bits.xorBits(dst, dBit + to, src, sBit + p, run);
            } else {
                run = Math.min(threeK - to, twoK - p);
                Bits.xorBits(dst, dBit + to - twoK, src, sBit + p, run);
                Bits.xorBits(dst, dBit + to - k, src, sBit + p, run);
            }
            p += run;
        }
    }
}
