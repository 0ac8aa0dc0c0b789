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
        fft(re, im, tw, logN, false);
        // Separate X = (Z_k + conj Z_{N-k}) / 2 and S = (Z_k - conj Z_{N-k}) / 2i, form X * S.
        // X*S = (Z_k^2 - conj(Z_{N-k})^2) / 4i.
        double[] pr = new double[size];
        double[] pi = new double[size];
        for (int k = 0; k < size; k++) {
            int nk = (size - k) & (size - 1);
            double ar = re[k];
            double ai = im[k];
            double br = re[nk];
            double bi = -im[nk];
            // a^2 - b^2
            double dr = ar * ar - ai * ai - (br * br - bi * bi);
            double di = 2 * ar * ai - 2 * br * bi;
            // divide by 4i: (dr + i di) / (4i) = di/4 - i dr/4
            pr[k] = di * 0.25;
            pi[k] = -dr * 0.25;
        }
        fft(pr, pi, tw, logN, true);
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

    /** In-place iterative radix-2 FFT; {@code inverse} uses conjugate twiddles (no scaling). */
    static void fft(double[] re, double[] im, double[] tw, int logN, boolean inverse) {
        int size = re.length;
        // bit reversal
        for (int i = 0, j = 0; i < size; i++) {
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
            int bit = size >>> 1;
            while ((j & bit) != 0) {
                j ^= bit;
                bit >>>= 1;
            }
            j |= bit;
        }
        double sign = inverse ? -1 : 1;
        // length-2 butterflies
        for (int i = 0; i < size; i += 2) {
            double ur = re[i];
            double ui = im[i];
            double vr = re[i + 1];
            double vi = im[i + 1];
            re[i] = ur + vr;
            im[i] = ui + vi;
            re[i + 1] = ur - vr;
            im[i + 1] = ui - vi;
        }
        for (int len = 4; len <= size; len <<= 1) {
            int half = len >>> 1;
            int step = size / len;
            for (int i = 0; i < size; i += len) {
                for (int k = 0; k < half; k++) {
                    int ti = 2 * k * step;
                    double wr = tw[ti];
                    double wi = sign * tw[ti + 1];
                    int a = i + k;
                    int b = a + half;
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
}
