package io.qkdmodem.agent.postprocessing.amplification;

import io.qkdmodem.agent.postprocessing.bits.BitVector;

/**
 * Toeplitz hashing {@code y = T x} over GF(2), where {@code T} is the {@code m x n} matrix with
 * {@code T[i][j] = seed[i - j + n - 1]} (constant along diagonals; seed of {@code n + m - 1} bits).
 * The family is 2-universal (Krawczyk, CRYPTO 1994; Mansour, Nisan, Tiwari 1990), which the
 * leftover hash lemma needs.
 *
 * <p>Computation ({@link Gf2Toeplitz}): {@code y} is a slice of the product {@code seed(x) x(x)} in
 * GF(2)[x], taken modulo {@code x^P - 1} for a {@code P >= n + m - 1}, computed with Schönhage's
 * ternary FFT over {@code GF(2)[x] / (x^{2K} + x^K + 1)} on 64-bit words (twiddle factors are
 * powers of {@code x}, so butterflies are shifted XORs) and bit-sliced Karatsuba pointwise
 * products; O(P log P log log P) word operations, exact (no floating point). {@link
 * FftToeplitzHash} is the earlier double-precision FFT, kept as an independent cross-check.
 */
public final class ToeplitzHash {

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
        if ((long) n + m - 1 > (1 << 29)) {
            throw new IllegalArgumentException("block too large: n + m - 1 > 2^29");
        }
        return Gf2Toeplitz.hash(x, seed, m);
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
}
