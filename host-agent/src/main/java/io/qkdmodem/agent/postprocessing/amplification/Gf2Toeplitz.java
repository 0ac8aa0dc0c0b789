package io.qkdmodem.agent.postprocessing.amplification;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * The Toeplitz product over GF(2) as a cyclic convolution of bit-packed polynomials, computed with
 * Schönhage's ternary FFT ({@link TernaryDft}) and bit-sliced pointwise products ({@link
 * BitSlicedProduct}). Additions are XORs: no carries, no rounding, the result is exact by
 * construction.
 *
 * <p>{@code y_i = sum_j seed[i + n - 1 - j] x_j} is coefficient {@code i + n - 1} of {@code seed(x)
 * * x(x)}; modulo {@code x^P - 1} with {@code P >= n + m - 1} nothing wraps onto those coefficients
 * (the full product has degree at most {@code 2n + m - 3 < P + n - 1}). With {@code P = N L},
 * {@code N = 3^k}, both operands are cut into {@code N} pieces of {@code L} bits, i.e. polynomials
 * in {@code y = x^L}; their cyclic convolution modulo {@code y^N - 1} has coefficients of degree
 * {@code < 2L - 1}, exact in {@code R_K} for {@code K >= L}. Overlapping the coefficients at
 * multiples of {@code L} (the top one wrapping) gives the product modulo {@code x^P - 1}.
 */
final class Gf2Toeplitz {

    private Gf2Toeplitz() {}

    /** A transform size: {@code N = 3^k} points of {@code L} input bits in {@code R_K}. */
    record Plan(int k, int points, int pieceBits, int bigK) {
        long cyclicLength() {
            return (long) points * pieceBits;
        }
    }

    /**
     * The cheapest plan for a cyclic length of at least {@code minLength} by a rough operation
     * count: three transforms of {@code k} stages over {@code N} elements of {@code 2K} bits (about
     * 22 word operations per element word and stage), the transposes, and the bit-sliced products
     * ({@link RowProduct#cost} row operations of {@code N / 64} words).
     */
    static Plan plan(long minLength) {
        Plan best = null;
        double bestCost = Double.MAX_VALUE;
        long pow = 3;
        for (int k = 1; k <= 13; k++, pow *= 3) {
            long unit = pow / 3; // 3^(k-1) must divide K
            long l = (minLength + pow - 1) / pow;
            long bigK = (l + unit - 1) / unit * unit;
            if (2 * bigK * pow > (1L << 31) - 64) {
                continue;
            }
            double elementWords = Math.ceil(2.0 * bigK / 64);
            double lanes = Math.ceil(pow / 64.0);
            double transform = 3.0 * k * pow * elementWords * 22;
            double transpose = 3.0 * pow * elementWords * 20;
            double pointwise = lanes * 1.5 * RowProduct.cost((int) bigK);
            double cost = transform + transpose + pointwise;
            if (cost < bestCost) {
                bestCost = cost;
                best = new Plan(k, (int) pow, (int) l, (int) bigK);
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("block too large: " + minLength + " bits");
        }
        return best;
    }

    /**
     * The buffers of one plan, reused by the next call on the same thread with the same plan (they
     * are zeroized after every call; the soft reference lets the collector take them back).
     */
    private static final class Workspace {
        final Plan plan;
        final TernaryDft dft;
        final BitSlicedProduct products;
        final long[] a;
        final long[] b;
        final long[] r;

        Workspace(Plan plan) {
            this.plan = plan;
            this.dft = new TernaryDft(plan.points(), plan.bigK());
            this.products = new BitSlicedProduct(plan.points(), plan.bigK());
            this.a = new long[dft.arrayLength()];
            this.b = new long[dft.arrayLength()];
            this.r = new long[(int) ((plan.cyclicLength() + 63) / 64) + 1];
        }

        void clear() {
            Arrays.fill(a, 0L);
            Arrays.fill(b, 0L);
            Arrays.fill(r, 0L);
            products.clear();
            dft.clear();
        }
    }

    private static final ThreadLocal<SoftReference<Workspace>> WORKSPACE = new ThreadLocal<>();

    private static Workspace workspace(Plan plan) {
        SoftReference<Workspace> ref = WORKSPACE.get();
        Workspace ws = ref == null ? null : ref.get();
        if (ws == null || !ws.plan.equals(plan)) {
            ws = new Workspace(plan);
            WORKSPACE.set(new SoftReference<>(ws));
        }
        return ws;
    }

    /** {@code T(seed) x}, {@code m} output bits; lengths are checked by the caller. */
    static BitVector hash(BitVector x, BitVector seed, int m) {
        int n = x.length();
        long minLength = (long) n + m - 1;
        Plan plan = plan(minLength);
        Workspace ws = workspace(plan);
        int points = plan.points();
        int l = plan.pieceBits();
        TernaryDft dft = ws.dft;
        long[] a = ws.a;
        long[] b = ws.b;
        long[] r = ws.r;
        int p = (int) plan.cyclicLength();
        try {
            split(x.words(), n, l, dft.words, a);
            split(seed.words(), seed.length(), l, dft.words, b);
            dft.forward(a);
            dft.forward(b);
            ws.products.multiplyInto(a, b);
            dft.inverse(a);
            // overlap-add the 2L - 1 bit coefficients at multiples of L, modulo x^P - 1
            for (int e = 0; e < points; e++) {
                int at = e * l;
                int len = 2 * l - 1;
                int inside = Math.min(len, p - at);
                Bits.xorBits(r, at, a, e * dft.words * 64, inside);
                Bits.xorBits(r, 0, a, e * dft.words * 64 + inside, len - inside);
            }
            BitVector out = new BitVector(m);
            long[] ow = new long[out.words().length + 1];
            Bits.xorBits(ow, 0, r, n - 1, m);
            System.arraycopy(ow, 0, out.words(), 0, out.words().length);
            Arrays.fill(ow, 0L);
            return out;
        } finally {
            // transforms of the key and of the final key: none of it may outlive the call
            ws.clear();
        }
    }

    /** Piece {@code e} = bits {@code [eL, eL + L)} of the input, at element {@code e}. */
    private static void split(long[] in, int bits, int l, int words, long[] out) {
        for (int e = 0, at = 0; at < bits; e++, at += l) {
            Bits.xorBits(out, e * words * 64, in, at, Math.min(l, bits - at));
        }
    }
}
