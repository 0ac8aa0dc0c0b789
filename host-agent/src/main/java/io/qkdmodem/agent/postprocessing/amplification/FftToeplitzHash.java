package io.qkdmodem.agent.postprocessing.amplification;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Toeplitz hashing {@code y = T x} over GF(2), where {@code T} is the {@code m x n} matrix with
 * {@code T[i][j] = seed[i - j + n - 1]} (constant along diagonals; seed of {@code n + m - 1} bits).
 * The family is 2-universal (Krawczyk, CRYPTO 1994; Mansour, Nisan, Tiwari 1990), which the
 * leftover hash lemma needs.
 *
 * <p>Computation: {@code y_i = sum_j seed[i + n - 1 - j] x_j mod 2} is entry {@code i + n - 1} of
 * the integer convolution {@code seed * x}; a cyclic convolution of length {@code N >= n + m - 1}
 * (power of two) has no wrap-around at those entries. Both real inputs travel in one complex FFT
 * (real part x, imaginary part seed), are separated by conjugate symmetry, multiplied, and
 * transformed back; each output bit is the parity of the rounded coefficient. Coefficients are at
 * most {@code n < 2^28}, far inside double precision; the rounding error is checked on every call.
 * Cost: two complex FFTs of length {@code N}, i.e. O(N log N).
 *
 * <p>This was the production method until the GF(2)-native {@link ToeplitzHash} replaced it (about
 * 1 input bit per complex point is the most a double FFT can carry at these sizes); it is kept as
 * an independent cross-check for tests and as the in-run anchor of {@code
 * PrivacyAmplificationBenchmark}.
 */
public final class FftToeplitzHash {

    private FftToeplitzHash() {}

    /** {@code T(seed) x}, {@code m} output bits, by the double-precision FFT. */
    public static BitVector hash(BitVector x, BitVector seed, int m) {
        int n = x.length();
        if (m <= 0 || n <= 0) {
            return new BitVector(Math.max(m, 0));
        }
        if (seed.length() != ToeplitzHash.seedLength(n, m)) {
            throw new IllegalArgumentException(
                    "seed must have n + m - 1 = " + ToeplitzHash.seedLength(n, m) + " bits");
        }
        long needed = (long) n + m - 1;
        if (needed > (1 << 29)) {
            throw new IllegalArgumentException("block too large for one FFT");
        }
        int size = Integer.highestOneBit((int) needed);
        if (size < needed) {
            size <<= 1;
        }
        size = Math.max(size, 4);
        int logN = Integer.numberOfTrailingZeros(size);
        double[] re = new double[size];
        double[] im = new double[size];
        int half = size >>> 1;
        double[] yr = new double[half];
        double[] yi = new double[half];
        try {
            long[] xw = x.words();
            for (int j = 0; j < n; j++) {
                re[j] = (xw[j >>> 6] >>> j) & 1L;
            }
            long[] sw = seed.words();
            int sl = seed.length();
            for (int j = 0; j < sl; j++) {
                im[j] = (sw[j >>> 6] >>> j) & 1L;
            }
            double[] ts = stageTwiddles(size);
            // Forward transform without reordering: the spectrum comes out in bit-reversed order,
            // which is fine for the pointwise step as long as partners are located by bit reversal.
            forward(re, im, 0, size, ts);
            // Separate X = (Z_k + conj Z_{N-k}) / 2 and S = (Z_k - conj Z_{N-k}) / 2i and form
            // C_k = X_k S_k = (Z_k^2 - conj(Z_{N-k})^2) / 4i. C is Hermitian (the convolution is
            // real), so the inverse runs at half length: with E_k = (C_k + C_{k+N/2}) / 2 and
            // O_k = (C_k - C_{k+N/2}) e^{2 pi i k / N} / 2, the inverse of E + i O (length N/2)
            // holds the even samples in its real part and the odd samples in its imaginary part.
            // In bit-reversed storage k sits at p = rev(k) and k + N/2 at p + 1; E + i O for k goes
            // to position p / 2, which is k's place in the bit-reversed order of length N/2.
            double[] twr = reversedTwiddles(size, ts);
            for (int p = 0; p < size; p += 2) {
                double c0r;
                double c0i;
                double c1r;
                double c1i;
                // In bit-reversed order the partner of frequency -k lies mirrored inside the same
                // block [2^j, 2^(j+1)): q = 3 * 2^j - 1 - p (and p itself for p < 2), so both ends
                // of each block are read sequentially.
                int q0 = p < 2 ? p : 3 * Integer.highestOneBit(p) - 1 - p;
                int q1 = p < 2 ? p + 1 : q0 - 1;
                {
                    int q = q0;
                    double ar = re[p];
                    double ai = im[p];
                    double br = re[q];
                    double bi = -im[q];
                    c0r = 0.5 * (ar * ai - br * bi);
                    c0i = -0.25 * (ar * ar - ai * ai - (br * br - bi * bi));
                }
                {
                    int q = q1;
                    double ar = re[p + 1];
                    double ai = im[p + 1];
                    double br = re[q];
                    double bi = -im[q];
                    c1r = 0.5 * (ar * ai - br * bi);
                    c1i = -0.25 * (ar * ar - ai * ai - (br * br - bi * bi));
                }
                double er = 0.5 * (c0r + c1r);
                double ei = 0.5 * (c0i + c1i);
                double dr = 0.5 * (c0r - c1r);
                double di = 0.5 * (c0i - c1i);
                // twiddle e^{+2 pi i k / N} = conj(tw[k]), k = rev(p), stored in bit-reversed order
                double wr = twr[p];
                double wi = -twr[p + 1];
                double or = dr * wr - di * wi;
                double oi = dr * wi + di * wr;
                // Y = E + i O
                yr[p >>> 1] = er - oi;
                yi[p >>> 1] = ei + or;
            }
            inverse(yr, yi, 0, half, ts);
            double[] pr = re; // the forward input is no longer needed
            for (int j = 0; j < half; j++) {
                pr[2 * j] = yr[j];
                pr[2 * j + 1] = yi[j];
            }
            double scaleHalf = 2.0;
            BitVector out = new BitVector(m);
            long[] ow = out.words();
            double scale = scaleHalf / size;
            double worst = 0;
            for (int i = 0; i < m; i++) {
                double v = pr[i + n - 1] * scale;
                long r = Math.round(v);
                double err = Math.abs(v - r);
                if (err > worst) {
                    worst = err;
                }
                ow[i >>> 6] |= (r & 1L) << i;
            }
            if (worst > 0.25) {
                throw new ArithmeticException("FFT rounding error too large: " + worst);
            }
            return out;
        } finally {
            // The buffers hold the key and its spectrum (from which the key can be recomputed)
            // and the final key before packing: none of it may outlive the call.
            Arrays.fill(re, 0.0);
            Arrays.fill(im, 0.0);
            Arrays.fill(yr, 0.0);
            Arrays.fill(yi, 0.0);
        }
    }

    private static final ConcurrentHashMap<Integer, SoftReference<double[]>> REVERSED =
            new ConcurrentHashMap<>();

    /**
     * {@code out[p], out[p + 1]} (p even) = {@code tw[2 k], tw[2 k + 1]} with {@code k = rev_N(p)},
     * so that the pointwise step reads its twiddles sequentially.
     */
    private static double[] reversedTwiddles(int size, double[] ts) {
        SoftReference<double[]> ref = REVERSED.get(size);
        double[] t = ref == null ? null : ref.get();
        if (t == null) {
            int shift = 32 - Integer.numberOfTrailingZeros(size);
            t = new double[size];
            for (int p = 0; p < size; p += 2) {
                int k = Integer.reverse(p) >>> shift;
                // e^{-2 pi i k / N} is entry N/2 + k of the stage table (span N)
                t[p] = ts[2 * (size / 2 + k)];
                t[p + 1] = ts[2 * (size / 2 + k) + 1];
            }
            REVERSED.put(size, new SoftReference<>(t));
        }
        return t;
    }

    /** {@code e^{-2 pi i k / size}} for {@code k < size / 2}, interleaved (not cached). */
    private static double[] twiddles(int size) {
        int half = size / 2;
        double[] t = new double[2 * half];
        for (int k = 0; k < half; k++) {
            double a = -2 * Math.PI * k / size;
            t[2 * k] = Math.cos(a);
            t[2 * k + 1] = Math.sin(a);
        }
        return t;
    }

    /** Sub-transforms at most this long run iteratively (they fit in the L2 cache). */
    private static final int BASE = 1 << 12;

    private static final ConcurrentHashMap<Integer, SoftReference<double[]>> STAGES =
            new ConcurrentHashMap<>();

    /**
     * Twiddles laid out per stage: for a butterfly span {@code s} (power of two), entry {@code s /
     * 2 + j} ({@code j < s / 2}) holds {@code e^{-2 pi i j / s}} at {@code [2 (s/2 + j)]} and
     * {@code [2 (s/2 + j) + 1]}, so each stage reads its twiddles sequentially.
     */
    private static double[] stageTwiddles(int size) {
        SoftReference<double[]> ref = STAGES.get(size);
        double[] t = ref == null ? null : ref.get();
        if (t == null) {
            double[] tw = twiddles(size);
            t = new double[2 * size];
            for (int span = 2; span <= size; span <<= 1) {
                int half = span >>> 1;
                int st = size / span;
                for (int j = 0; j < half; j++) {
                    t[2 * (half + j)] = tw[2 * j * st];
                    t[2 * (half + j) + 1] = tw[2 * j * st + 1];
                }
            }
            STAGES.put(size, new SoftReference<>(t));
        }
        return t;
    }

    /**
     * Decimation-in-frequency forward FFT of {@code re/im[off, off + len)}, natural order in,
     * bit-reversed order out, twiddles from {@link #stageTwiddles}. Recursive above {@link #BASE}
     * so that the small stages run in cache.
     */
    static void forward(double[] re, double[] im, int off, int len, double[] ts) {
        if (len <= BASE) {
            int size = len;
            for (; size >= 4; size >>>= 2) {
                difStage2(re, im, off, len, size, ts);
            }
            if (size == 2) {
                difStage(re, im, off, len, 2, ts);
            }
            return;
        }
        difStage2(re, im, off, len, len, ts);
        int q = len >>> 2;
        for (int i = 0; i < 4; i++) {
            forward(re, im, off + i * q, q, ts);
        }
    }

    /** Two DIF stages at once (spans {@code size} and {@code size / 2}): half the memory passes. */
    private static void difStage2(
            double[] re, double[] im, int off, int len, int size, double[] ts) {
        int q = size >>> 2;
        int tb = size; // 2 * (size / 2): stage span size
        int tb2 = size >>> 1; // 2 * (size / 4): stage span size / 2
        for (int g = off; g < off + len; g += size) {
            for (int j = 0; j < q; j++) {
                int a0 = g + j;
                int a1 = a0 + q;
                int a2 = a1 + q;
                int a3 = a2 + q;
                double wr = ts[tb + 2 * j];
                double wi = ts[tb + 2 * j + 1];
                double w2r = ts[tb2 + 2 * j];
                double w2i = ts[tb2 + 2 * j + 1];
                double x0r = re[a0];
                double x0i = im[a0];
                double x1r = re[a1];
                double x1i = im[a1];
                double x2r = re[a2];
                double x2i = im[a2];
                double x3r = re[a3];
                double x3i = im[a3];
                double u0r = x0r + x2r;
                double u0i = x0i + x2i;
                double dr = x0r - x2r;
                double di = x0i - x2i;
                double v0r = dr * wr - di * wi;
                double v0i = dr * wi + di * wr;
                double u1r = x1r + x3r;
                double u1i = x1i + x3i;
                dr = x1r - x3r;
                di = x1i - x3i;
                // (d w)(-i) = (Im(d w), -Re(d w))
                double t1r = dr * wr - di * wi;
                double t1i = dr * wi + di * wr;
                double v1r = t1i;
                double v1i = -t1r;
                re[a0] = u0r + u1r;
                im[a0] = u0i + u1i;
                dr = u0r - u1r;
                di = u0i - u1i;
                re[a1] = dr * w2r - di * w2i;
                im[a1] = dr * w2i + di * w2r;
                re[a2] = v0r + v1r;
                im[a2] = v0i + v1i;
                dr = v0r - v1r;
                di = v0i - v1i;
                re[a3] = dr * w2r - di * w2i;
                im[a3] = dr * w2i + di * w2r;
            }
        }
    }

    private static void difStage(
            double[] re, double[] im, int off, int len, int size, double[] ts) {
        int half = size >>> 1;
        int tb = 2 * half;
        for (int g = off; g < off + len; g += size) {
            for (int j = 0; j < half; j++) {
                int a = g + j;
                int b = a + half;
                double wr = ts[tb + 2 * j];
                double wi = ts[tb + 2 * j + 1];
                double ur = re[a] - re[b];
                double ui = im[a] - im[b];
                re[a] += re[b];
                im[a] += im[b];
                re[b] = ur * wr - ui * wi;
                im[b] = ur * wi + ui * wr;
            }
        }
    }

    /**
     * Decimation-in-time inverse FFT (conjugate twiddles, no 1/N scaling), bit-reversed order in,
     * natural order out; the exact inverse of {@link #forward} up to the factor {@code len}.
     */
    static void inverse(double[] re, double[] im, int off, int len, double[] ts) {
        if (len <= BASE) {
            int size = 4;
            if ((Integer.numberOfTrailingZeros(len) & 1) != 0) {
                ditStage(re, im, off, len, 2, ts);
                size = 8;
            }
            for (; size <= len; size <<= 2) {
                ditStage2(re, im, off, len, size, ts);
            }
            return;
        }
        int q = len >>> 2;
        for (int i = 0; i < 4; i++) {
            inverse(re, im, off + i * q, q, ts);
        }
        ditStage2(re, im, off, len, len, ts);
    }

    /** Two DIT stages at once (spans {@code size / 2}, then {@code size}). */
    private static void ditStage2(
            double[] re, double[] im, int off, int len, int size, double[] ts) {
        int q = size >>> 2;
        int tb = size;
        int tb2 = size >>> 1;
        for (int g = off; g < off + len; g += size) {
            for (int j = 0; j < q; j++) {
                int a0 = g + j;
                int a1 = a0 + q;
                int a2 = a1 + q;
                int a3 = a2 + q;
                double wr = ts[tb + 2 * j];
                double wi = -ts[tb + 2 * j + 1];
                double w2r = ts[tb2 + 2 * j];
                double w2i = -ts[tb2 + 2 * j + 1];
                double x0r = re[a0];
                double x0i = im[a0];
                double x1r = re[a1];
                double x1i = im[a1];
                double x2r = re[a2];
                double x2i = im[a2];
                double x3r = re[a3];
                double x3i = im[a3];
                // span size / 2: (a0, a1) and (a2, a3) with conj(w2)
                double tr = x1r * w2r - x1i * w2i;
                double ti = x1r * w2i + x1i * w2r;
                double b0r = x0r + tr;
                double b0i = x0i + ti;
                double b1r = x0r - tr;
                double b1i = x0i - ti;
                tr = x3r * w2r - x3i * w2i;
                ti = x3r * w2i + x3i * w2r;
                double b2r = x2r + tr;
                double b2i = x2i + ti;
                double b3r = x2r - tr;
                double b3i = x2i - ti;
                // span size: (a0, a2) with conj(w), (a1, a3) with conj(w) * i
                tr = b2r * wr - b2i * wi;
                ti = b2r * wi + b2i * wr;
                re[a0] = b0r + tr;
                im[a0] = b0i + ti;
                re[a2] = b0r - tr;
                im[a2] = b0i - ti;
                double sr = b3r * wr - b3i * wi;
                double si = b3r * wi + b3i * wr;
                // times i: (sr, si) * i = (-si, sr)
                tr = -si;
                ti = sr;
                re[a1] = b1r + tr;
                im[a1] = b1i + ti;
                re[a3] = b1r - tr;
                im[a3] = b1i - ti;
            }
        }
    }

    private static void ditStage(
            double[] re, double[] im, int off, int len, int size, double[] ts) {
        int half = size >>> 1;
        int tb = 2 * half;
        for (int g = off; g < off + len; g += size) {
            for (int j = 0; j < half; j++) {
                int a = g + j;
                int b = a + half;
                double wr = ts[tb + 2 * j];
                double wi = -ts[tb + 2 * j + 1];
                double xr = re[b] * wr - im[b] * wi;
                double xi = re[b] * wi + im[b] * wr;
                re[b] = re[a] - xr;
                im[b] = im[a] - xi;
                re[a] += xr;
                im[a] += xi;
            }
        }
    }
}
