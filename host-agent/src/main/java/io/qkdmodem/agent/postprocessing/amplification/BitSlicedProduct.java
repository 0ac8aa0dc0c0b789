package io.qkdmodem.agent.postprocessing.amplification;

import java.util.Arrays;

/**
 * All pointwise products of two ternary spectra at once, bit-sliced. The {@code N} elements of
 * {@code 2K} bits are transposed so that row {@code b} holds bit {@code b} of every element ({@code
 * lanes} words, one bit per element): a product of polynomials is then row ANDs and row XORs that
 * serve all {@code N} products together, 64 per word, and multiplication by {@code x^j} is a row
 * offset. This takes the place of a 64 x 64 carry-less product at the leaves, which Java 17 cannot
 * do in hardware.
 *
 * <p>The rows of one polynomial are consecutive, {@code lanes} words each, so every step below is
 * XORs (and, in the base case, ANDs) over long contiguous word ranges. Small {@code K}: Karatsuba
 * on the rows ({@link RowKaratsuba}). Larger {@code K}: one more Schönhage level on the rows
 * ({@link RowDft}), in the form of {@link Crt}: the modulus {@code x^{2K} + x^K + 1} splits into
 * two weighted cyclic convolutions of {@code Q} points each, whose pointwise products in a smaller
 * {@code R_K'} are again Karatsuba on rows. The plan is picked per {@code K} by an operation count.
 */
final class BitSlicedProduct {
    private final int points;
    private final int words;
    private final int rows;
    private final int bigK;
    private final int lanes;
    private final long[] ra;
    private final long[] rb;
    private final long[] block = new long[64];
    private final Inner inner;

    /**
     * Second level: {@code Q = 3^q} points per branch, pieces of {@code M = K / Q} rows, products
     * in {@code R_K'}.
     */
    record Level2(int points, int pieceRows, int bigK) {}

    BitSlicedProduct(int points, int bigK) {
        this.points = points;
        this.bigK = bigK;
        this.rows = 2 * bigK;
        this.words = (rows + 63) >>> 6;
        this.lanes = (points + 63) >>> 6;
        this.ra = new long[rows * lanes];
        this.rb = new long[rows * lanes];
        Level2 plan = plan(bigK);
        this.inner = plan == null ? new Direct() : new Crt(plan);
    }

    /** Row operations of a Karatsuba product of two {@code n}-row operands (ANDs weigh 2). */
    static double karatsubaCost(int n) {
        if (n <= RowKaratsuba.SCHOOLBOOK_ROWS) {
            return 2.0 * n * n;
        }
        int h = (n + 1) >>> 1;
        return 2 * karatsubaCost(h) + karatsubaCost(n - h) + 8.0 * h;
    }

    /** The cheapest second level for products modulo {@code x^{2K} + x^K + 1}, or null. */
    static Level2 plan(int bigK) {
        double best = karatsubaCost(2 * bigK) + 2 * bigK;
        Level2 chosen = null;
        int pow = 3;
        for (int k2 = 1; k2 <= 8 && pow <= 4 * bigK; k2++, pow *= 3) {
            // CRT split: Q = pow pieces of M = K / Q rows, inner K' >= M with Q | K'
            if (bigK % pow == 0) {
                int m = bigK / pow;
                int kp = (m + pow - 1) / pow * pow;
                double dft = 2 * 3.0 * k2 * (pow / 3) * 21 * kp + 2 * 3.0 * pow * 2 * kp * 3;
                double pointwise = 2 * pow * (karatsubaCost(2 * kp) + 2 * kp);
                double cost = dft + pointwise;
                if (cost < best) {
                    best = cost;
                    chosen = new Level2(pow, m, kp);
                }
            }
        }
        return chosen;
    }

    /**
     * {@code a[e] = a[e] * b[e] mod (x^{2K} + x^K + 1)} for every element {@code e} of two arrays
     * laid out as in {@link TernaryDft}.
     */
    void multiplyInto(long[] a, long[] b) {
        toRows(a, ra);
        toRows(b, rb);
        inner.multiply();
        fromRows(ra, a);
    }

    /** Zeroizes the buffers (they hold key-dependent data). */
    void clear() {
        Arrays.fill(ra, 0L);
        Arrays.fill(rb, 0L);
        Arrays.fill(block, 0L);
        inner.clear();
    }

    /** {@code ra = ra * rb mod (x^{2K} + x^K + 1)} on rows of {@code lanes} words. */
    private interface Inner {
        void multiply();

        void clear();
    }

    private final class Direct implements Inner {
        private final long[] prod = new long[(2 * rows - 1) * lanes];
        private final long[] scratch = new long[RowKaratsuba.scratchRows(rows) * lanes];

        @Override
        public void multiply() {
            RowKaratsuba.multiply(ra, 0, rb, 0, rows, prod, 0, scratch, 0, lanes);
            RowKaratsuba.reduce(prod, 0, 2 * rows - 1, bigK, lanes);
            System.arraycopy(prod, 0, ra, 0, rows * lanes);
        }

        @Override
        public void clear() {
            Arrays.fill(prod, 0L);
            Arrays.fill(scratch, 0L);
        }
    }

    /**
     * The second level without the cyclic detour: with {@code z = x^M}, {@code K = Q M}, the
     * modulus is {@code z^{2Q} + z^Q + 1 = (z^Q - zeta)(z^Q - zeta^2)} over {@code R_K'} ({@code
     * zeta = x^K'}). Modulo {@code z^Q - zeta^c} the operand is {@code sum_i (a_i + zeta^c a_{i+Q})
     * z^i}; substituting {@code z = theta_c y} with {@code theta_c = x^{c K'/Q}} ({@code theta_c^Q
     * = zeta^c}) turns each branch into a cyclic convolution of length {@code Q} (Schönhage's
     * weighted transform). From the branch results {@code U_1, U_2}, the product is {@code C_0 +
     * z^Q C_1} with {@code C_1 = U_1 + U_2} and {@code C_0 = U_1 + zeta C_1} (as {@code zeta +
     * zeta^2 = 1}). Only {@code 2Q} points, against {@code 3Q} for the cyclic length {@code 3K}.
     */
    private final class Crt implements Inner {
        private final Level2 plan;
        private final RowDft dft;
        private final long[][] branches;
        private final long[] prod;
        private final long[] scratch;
        private final long[] res;

        Crt(Level2 plan) {
            this.plan = plan;
            this.dft = new RowDft(plan.points(), plan.bigK(), lanes);
            int total = plan.points() * dft.elementWords;
            this.branches = new long[4][total];
            int r2 = 2 * plan.bigK();
            this.prod = new long[(2 * r2 - 1) * lanes];
            this.scratch = new long[RowKaratsuba.scratchRows(r2) * lanes];
            this.res = new long[(rows + 2 * plan.pieceRows()) * lanes];
        }

        @Override
        public void multiply() {
            int w = lanes;
            int q = plan.points();
            int m = plan.pieceRows();
            int kp = plan.bigK();
            int ew = dft.elementWords;
            int threeKp = 3 * kp;
            int unit = kp / q;
            for (int c = 1; c <= 2; c++) {
                long[] ea = branches[c - 1];
                long[] eb = branches[c + 1];
                Arrays.fill(ea, 0L);
                Arrays.fill(eb, 0L);
                for (int i = 0; i < q; i++) {
                    int tw = (c * i * unit) % threeKp;
                    int tz = (tw + c * kp) % threeKp;
                    dft.rotateXor(ea, i * ew, ra, i * m * w, m, tw);
                    dft.rotateXor(ea, i * ew, ra, (i + q) * m * w, m, tz);
                    dft.rotateXor(eb, i * ew, rb, i * m * w, m, tw);
                    dft.rotateXor(eb, i * ew, rb, (i + q) * m * w, m, tz);
                }
                dft.forward(ea, 0);
                dft.forward(eb, 0);
                int r2 = 2 * kp;
                for (int i = 0; i < q; i++) {
                    RowKaratsuba.multiply(ea, i * ew, eb, i * ew, r2, prod, 0, scratch, 0, w);
                    RowKaratsuba.reduce(prod, 0, 2 * r2 - 1, kp, w);
                    System.arraycopy(prod, 0, ea, i * ew, ew);
                }
                dft.inverse(ea, 0);
            }
            // untwist: U_c[i] = x^{-c i K'/Q} E_c[i]
            long[] u1 = branches[2];
            long[] u2 = branches[3];
            Arrays.fill(u1, 0L);
            Arrays.fill(u2, 0L);
            for (int i = 0; i < q; i++) {
                int t1 = (threeKp - (i * unit) % threeKp) % threeKp;
                int t2 = (threeKp - (2 * i * unit) % threeKp) % threeKp;
                dft.rotateXor(u1, i * ew, branches[0], i * ew, 2 * kp, t1);
                dft.rotateXor(u2, i * ew, branches[1], i * ew, 2 * kp, t2);
            }
            // C_1 = U_1 + U_2 (in u2); C_0 = U_1 + zeta C_1 (in u1)
            RowKaratsuba.xor(u2, 0, u1, 0, q * ew);
            for (int i = 0; i < q; i++) {
                dft.rotateXor(u1, i * ew, u2, i * ew, 2 * kp, kp);
            }
            // overlap-add C_0[i] at x^{iM} and C_1[i] at x^{(i+Q)M} (each of degree < 2M - 1),
            // then reduce modulo the level-1 modulus
            Arrays.fill(res, 0L);
            int len = (2 * m - 1) * w;
            for (int i = 0; i < q; i++) {
                RowKaratsuba.xor(res, i * m * w, u1, i * ew, len);
                RowKaratsuba.xor(res, (i + q) * m * w, u2, i * ew, len);
            }
            RowKaratsuba.reduce(res, 0, rows + 2 * m - 1, bigK, w);
            System.arraycopy(res, 0, ra, 0, rows * w);
        }

        @Override
        public void clear() {
            dft.clear();
            for (long[] b : branches) {
                Arrays.fill(b, 0L);
            }
            Arrays.fill(prod, 0L);
            Arrays.fill(scratch, 0L);
            Arrays.fill(res, 0L);
        }
    }

    /**
     * Bit {@code b} of element {@code 64 q + i} to bit {@code i} of word {@code q} of row {@code
     * b}.
     */
    private void toRows(long[] elems, long[] out) {
        int w = words;
        for (int lane = 0; lane < lanes; lane++) {
            int e0 = lane << 6;
            int count = Math.min(64, points - e0);
            for (int word = 0; word < w; word++) {
                for (int i = 0; i < count; i++) {
                    block[i] = elems[(e0 + i) * w + word];
                }
                for (int i = count; i < 64; i++) {
                    block[i] = 0L;
                }
                Bits.transpose64(block, 0);
                int rmax = Math.min(64, rows - (word << 6));
                for (int i = 0; i < rmax; i++) {
                    out[((word << 6) + i) * lanes + lane] = block[i];
                }
            }
        }
    }

    private void fromRows(long[] in, long[] elems) {
        int w = words;
        for (int lane = 0; lane < lanes; lane++) {
            int e0 = lane << 6;
            int count = Math.min(64, points - e0);
            for (int word = 0; word < w; word++) {
                int rmax = Math.min(64, rows - (word << 6));
                for (int i = 0; i < rmax; i++) {
                    block[i] = in[((word << 6) + i) * lanes + lane];
                }
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
}
