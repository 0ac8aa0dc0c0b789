package io.qkdmodem.agent.postprocessing.amplification;

import java.util.Arrays;

/**
 * Multiplication in {@code R_K = GF(2)[x] / (x^{2K} + x^K + 1)} of bit-sliced elements: {@code 2K}
 * consecutive rows of {@code w} words, row {@code r} holding the coefficients of {@code x^r} of
 * {@code 64 w} independent elements. Small {@code K}: Karatsuba on the rows ({@link RowKaratsuba})
 * and reduction. Larger {@code K}: {@link Crt}, one more Schönhage level whose pointwise products
 * are again a {@code RowProduct} of a smaller {@code K'} (recursively). The plan for each {@code K}
 * is the cheapest by a row-operation count.
 */
abstract class RowProduct {
    final int bigK;
    final int width;

    private RowProduct(int bigK, int width) {
        this.bigK = bigK;
        this.width = width;
    }

    /** {@code a[ao...] = a[ao...] * b[bo...] mod (x^{2K} + x^K + 1)}; {@code b} is not changed. */
    abstract void multiply(long[] a, int ao, long[] b, int bo);

    /** Zeroizes the buffers (they hold key-dependent data). */
    abstract void clear();

    /** The cheapest multiplier for {@code R_K} on rows of {@code width} words. */
    static RowProduct create(int bigK, int width) {
        Split split = plan(bigK);
        return split == null ? new Direct(bigK, width) : new Crt(split, width);
    }

    /** Plain Karatsuba and reduction (for tests and measurements). */
    static RowProduct direct(int bigK, int width) {
        return new Direct(bigK, width);
    }

    /** One split level over the cheapest multiplier for its {@code K'}. */
    static RowProduct split(Split split, int width) {
        return new Crt(split, width);
    }

    /**
     * A split: {@code Q = 3^q} points per branch, pieces of {@code M = K / Q} rows, pointwise
     * products in {@code R_K'} ({@code K' >= M}, {@code Q | K'}).
     */
    record Split(int bigK, int points, int stages, int pieceRows, int innerK) {}

    /** Row operations of a Karatsuba product of two {@code n}-row operands (ANDs weigh 2). */
    static double karatsubaCost(int n) {
        if (n <= RowKaratsuba.SCHOOLBOOK_ROWS) {
            return 2.0 * n * n;
        }
        int h = (n + 1) >>> 1;
        return 2 * karatsubaCost(h) + karatsubaCost(n - h) + 6.0 * h;
    }

    /** Row operations of the cheapest product in {@code R_K}. */
    static double cost(int bigK) {
        Split s = plan(bigK);
        return s == null ? directCost(bigK) : splitCost(s);
    }

    private static double directCost(int bigK) {
        return karatsubaCost(2 * bigK) + 2.0 * bigK;
    }

    private static double splitCost(Split s) {
        int kp = s.innerK();
        int q = s.points();
        // per branch: two forward and one inverse transform (q stages of Q/3 butterflies of about
        // 12 element passes), twists, untwists and the CRT recombination (about 8 passes)
        double transforms = 2 * (3.0 * s.stages() * (q / 3) * 12 + 8.0 * q) * 2 * kp;
        return transforms + 2 * q * cost(kp);
    }

    /** The cheapest split for {@code K}, or null when plain Karatsuba is cheaper. */
    static Split plan(int bigK) {
        double best = directCost(bigK);
        Split chosen = null;
        int pow = 3;
        for (int q = 1; pow <= bigK; q++, pow *= 3) {
            if (bigK % pow != 0) {
                break;
            }
            int m = bigK / pow;
            int kp = (m + pow - 1) / pow * pow;
            if (kp >= bigK) {
                continue;
            }
            Split s = new Split(bigK, pow, q, m, kp);
            double c = splitCost(s);
            if (c < best) {
                best = c;
                chosen = s;
            }
        }
        return chosen;
    }

    private static final class Direct extends RowProduct {
        private final long[] prod;
        private final long[] scratch;

        Direct(int bigK, int width) {
            super(bigK, width);
            this.prod = new long[(4 * bigK - 1) * width];
            this.scratch = new long[RowKaratsuba.scratchRows(2 * bigK) * width];
        }

        @Override
        void multiply(long[] a, int ao, long[] b, int bo) {
            int rows = 2 * bigK;
            RowKaratsuba.multiply(a, ao, b, bo, rows, prod, 0, scratch, 0, width);
            RowKaratsuba.reduce(prod, 0, 2 * rows - 1, bigK, width);
            System.arraycopy(prod, 0, a, ao, rows * width);
        }

        @Override
        void clear() {
            Arrays.fill(prod, 0L);
            Arrays.fill(scratch, 0L);
        }
    }

    /**
     * One Schönhage level without a cyclic detour: with {@code z = x^M}, {@code K = Q M}, the
     * modulus is {@code z^{2Q} + z^Q + 1 = (z^Q - zeta)(z^Q - zeta^2)} over {@code R_K'} ({@code
     * zeta = x^K'}). Modulo {@code z^Q - zeta^c} an operand is {@code sum_i (a_i + zeta^c a_{i+Q})
     * z^i}; substituting {@code z = theta_c y} with {@code theta_c = x^{c K'/Q}} ({@code theta_c^Q
     * = zeta^c}) makes each branch a cyclic convolution of length {@code Q} (a weighted transform,
     * as in Schönhage 1977), done with {@link RowDft}. From the branch results {@code U_1, U_2} the
     * product is {@code C_0 + z^Q C_1} with {@code C_1 = U_1 + U_2} and {@code C_0 = U_1 + zeta
     * C_1} (because {@code zeta + zeta^2 = 1}). Every coefficient {@code C} has degree {@code < 2M
     * - 1 <= 2K'}, so it is exact in {@code R_K'}.
     */
    private static final class Crt extends RowProduct {
        private final Split split;
        private final RowDft dft;
        private final RowProduct inner;
        private final long[][] branches;
        private final long[] res;

        Crt(Split split, int width) {
            super(split.bigK(), width);
            this.split = split;
            this.dft = new RowDft(split.points(), split.innerK(), width);
            this.inner = create(split.innerK(), width);
            int total = split.points() * dft.elementWords;
            this.branches = new long[4][total];
            this.res = new long[(2 * bigK + 2 * split.pieceRows()) * width];
        }

        @Override
        void multiply(long[] ra, int ao, long[] rb, int bo) {
            int w = width;
            int q = split.points();
            int m = split.pieceRows();
            int kp = split.innerK();
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
                    dft.rotateXor(ea, i * ew, ra, ao + i * m * w, m, tw);
                    dft.rotateXor(ea, i * ew, ra, ao + (i + q) * m * w, m, tz);
                    dft.rotateXor(eb, i * ew, rb, bo + i * m * w, m, tw);
                    dft.rotateXor(eb, i * ew, rb, bo + (i + q) * m * w, m, tz);
                }
                dft.forward(ea, 0);
                dft.forward(eb, 0);
                for (int i = 0; i < q; i++) {
                    inner.multiply(ea, i * ew, eb, i * ew);
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
            // overlap-add C_0[i] at x^{iM} and C_1[i] at x^{(i+Q)M}, reduce modulo x^2K + x^K + 1
            Arrays.fill(res, 0L);
            int len = (2 * m - 1) * w;
            for (int i = 0; i < q; i++) {
                RowKaratsuba.xor(res, i * m * w, u1, i * ew, len);
                RowKaratsuba.xor(res, (i + q) * m * w, u2, i * ew, len);
            }
            RowKaratsuba.reduce(res, 0, 2 * bigK + 2 * m - 1, bigK, w);
            System.arraycopy(res, 0, ra, ao, 2 * bigK * w);
        }

        @Override
        void clear() {
            dft.clear();
            inner.clear();
            for (long[] b : branches) {
                Arrays.fill(b, 0L);
            }
            Arrays.fill(res, 0L);
        }
    }
}
