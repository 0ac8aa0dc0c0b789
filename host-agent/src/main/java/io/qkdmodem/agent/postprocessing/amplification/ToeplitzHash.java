package io.qkdmodem.agent.postprocessing.amplification;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import java.lang.ref.SoftReference;
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
 */
public final class ToeplitzHash {
    private static final ConcurrentHashMap<Integer, SoftReference<double[]>> TWIDDLES =
            new ConcurrentHashMap<>();

    private ToeplitzHash() {}

    /** Seed length for compressing {@code n} bits to {@code m}. */
    public static int seedLength(int n, int m) {
        return n + m - 1;
    }

    /** {@code T(seed) x}, {@code m} output bits. */
    public static BitVector hash(BitVector x, BitVector seed, int m) {
        int n = x.length();
        if (m <= 0 || n <= 0) {
            return new BitVector(Math.max(m, 0));
        }
        if (seed.length() != seedLength(n, m)) {
            throw new IllegalArgumentException(
                    "seed must have n + m - 1 = " + seedLength(n, m) + " bits");
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
        long[] xw = x.words();
        for (int j = 0; j < n; j++) {
            re[j] = (xw[j >>> 6] >>> j) & 1L;
        }
        long[] sw = seed.words();
        int sl = seed.length();
        for (int j = 0; j < sl; j++) {
            im[j] = (sw[j >>> 6] >>> j) & 1L;
        }
        double[] tw = twiddles(size);
        // Forward transform without reordering: the spectrum comes out in bit-reversed order,
        // which is fine for the pointwise step as long as partners are located by bit reversal.
        forward(re, im, 0, size, tw, 1);
        // Separate X = (Z_k + conj Z_{N-k}) / 2 and S = (Z_k - conj Z_{N-k}) / 2i and form
        // X S = (Z_k^2 - conj(Z_{N-k})^2) / 4i.
        double[] pr = new double[size];
        double[] pi = new double[size];
        int shift = 32 - logN;
        for (int p = 0; p < size; p++) {
            int k = Integer.reverse(p) >>> shift;
            int q = Integer.reverse((size - k) & (size - 1)) >>> shift;
            double ar = re[p];
            double ai = im[p];
            double br = re[q];
            double bi = -im[q];
            double dr = ar * ar - ai * ai - (br * br - bi * bi);
            double di = 2 * (ar * ai - br * bi);
            pr[p] = di * 0.25;
            pi[p] = -dr * 0.25;
        }
        re = null;
        im = null;
        inverse(pr, pi, 0, size, tw, 1);
        BitVector out = new BitVector(m);
        long[] ow = out.words();
        double scale = 1.0 / size;
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
    }

    /** The naive {@code O(n m)} product, the reference for tests. */
    public static BitVector naive(BitVector x, BitVector seed, int m) {
        int n = x.length();
        if (seed.length() != seedLength(n, m)) {
            throw new IllegalArgumentException("seed must have n + m - 1 bits");
        }
        BitVector out = new BitVector(m);
        for (int i = 0; i < m; i++) {
            int acc = 0;
            for (int j = 0; j < n; j++) {
                acc ^= seed.bit(i - j + n - 1) & x.bit(j);
            }
            out.set(i, acc != 0);
        }
        return out;
    }

    private static double[] twiddles(int size) {
        SoftReference<double[]> ref = TWIDDLES.get(size);
        double[] t = ref == null ? null : ref.get();
        if (t == null) {
            int half = size / 2;
            t = new double[2 * half];
            for (int k = 0; k < half; k++) {
                double a = -2 * Math.PI * k / size;
                t[2 * k] = Math.cos(a);
                t[2 * k + 1] = Math.sin(a);
            }
            TWIDDLES.put(size, new SoftReference<>(t));
        }
        return t;
    }

    /** Sub-transforms at most this long run iteratively (they fit in the L2 cache). */
    private static final int BASE = 1 << 12;

    /**
     * Decimation-in-frequency forward FFT of {@code re/im[off, off + len)}, natural order in,
     * bit-reversed order out. {@code stride = N / len} indexes the twiddle table {@code tw[2 j] + i
     * tw[2 j + 1] = e^{-2 pi i j / N}}. Recursive above {@link #BASE} so that the small stages run
     * in cache.
     */
    static void forward(double[] re, double[] im, int off, int len, double[] tw, int stride) {
        if (len <= BASE) {
            for (int size = len, st = stride; size >= 2; size >>>= 1, st <<= 1) {
                difStage(re, im, off, len, size, tw, st);
            }
            return;
        }
        difStage(re, im, off, len, len, tw, stride);
        int half = len >>> 1;
        forward(re, im, off, half, tw, stride << 1);
        forward(re, im, off + half, half, tw, stride << 1);
    }

    private static void difStage(
            double[] re, double[] im, int off, int len, int size, double[] tw, int st) {
        int half = size >>> 1;
        for (int g = off; g < off + len; g += size) {
            for (int j = 0; j < half; j++) {
                int a = g + j;
                int b = a + half;
                double wr = tw[2 * j * st];
                double wi = tw[2 * j * st + 1];
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
     * natural order out; the exact inverse of {@link #forward} up to the factor N.
     */
    static void inverse(double[] re, double[] im, int off, int len, double[] tw, int stride) {
        if (len <= BASE) {
            int levels = Integer.numberOfTrailingZeros(len);
            for (int size = 2, st = stride << (levels - 1); size <= len; size <<= 1, st >>>= 1) {
                ditStage(re, im, off, len, size, tw, st);
            }
            return;
        }
        int half = len >>> 1;
        inverse(re, im, off, half, tw, stride << 1);
        inverse(re, im, off + half, half, tw, stride << 1);
        ditStage(re, im, off, len, len, tw, stride);
    }

    private static void ditStage(
            double[] re, double[] im, int off, int len, int size, double[] tw, int st) {
        int half = size >>> 1;
        for (int g = off; g < off + len; g += size) {
            for (int j = 0; j < half; j++) {
                int a = g + j;
                int b = a + half;
                double wr = tw[2 * j * st];
                double wi = -tw[2 * j * st + 1];
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
