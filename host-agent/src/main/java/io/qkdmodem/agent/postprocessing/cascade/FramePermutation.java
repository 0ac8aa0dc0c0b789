package io.qkdmodem.agent.postprocessing.cascade;

import io.qkdmodem.agent.postprocessing.bits.SplitMix64;

/**
 * The reordering of one frame for one Cascade pass: a bijection between key offsets and pass-order
 * offsets inside the frame, and the gather that produces the frame's bits in pass order.
 */
abstract class FramePermutation {
    /** Frame length in bits. */
    final int length;

    FramePermutation(int length) {
        this.length = length;
    }

    /** Key offset (inside the frame) of pass-order offset {@code i}. */
    abstract int keyOffset(int i);

    /** Pass-order offset of key offset {@code x}. */
    abstract int passOffset(int x);

    /**
     * Writes the frame's bits in pass order: bit {@code i} of the frame in {@code out} is bit
     * {@code keyOffset(i)} of the frame in {@code key}. The frame starts at word {@code word} of
     * both arrays (frames start at multiples of 64 bits).
     */
    abstract void reorder(long[] key, long[] out, int word);

    /**
     * Word-mixing permutation when the frame is a whole number of 4096-bit groups, else uniform.
     */
    static FramePermutation create(int length, SplitMix64 rng) {
        if (length >= WordMixPermutation.GROUP_BITS
                && length % WordMixPermutation.GROUP_BITS == 0) {
            return new WordMixPermutation(length, rng);
        }
        return new UniformPermutation(length, rng);
    }

    /**
     * A uniform permutation of {@code [0, len)} by Fisher-Yates; each 64-bit draw gives two 32-bit
     * draws (high half first), each mapped to {@code [0, bound)} by Lemire's method with exact
     * rejection (a rejected draw is replaced by {@link SplitMix64#nextInt}).
     */
    static int[] shuffle(int len, SplitMix64 rng) {
        int[] a = new int[len];
        for (int i = 0; i < len; i++) {
            a[i] = i;
        }
        int i = len - 1;
        while (i > 0) {
            long r = rng.nextLong();
            for (int half = 0; half < 2 && i > 0; half++, i--) {
                long r32 = half == 0 ? r >>> 32 : r & 0xFFFFFFFFL;
                int bound = i + 1;
                long m = r32 * bound;
                int j;
                if ((m & 0xFFFFFFFFL) < bound
                        && (m & 0xFFFFFFFFL) < (0x1_0000_0000L - bound) % bound) {
                    j = rng.nextInt(bound);
                } else {
                    j = (int) (m >>> 32);
                }
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }
        return a;
    }

    static int[] invert(int[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[a[i]] = i;
        }
        return b;
    }

    /** A uniformly random permutation of the frame's bits (any length). */
    static final class UniformPermutation extends FramePermutation {
        private final int[] perm;
        private final int[] inv;

        UniformPermutation(int length, SplitMix64 rng) {
            super(length);
            perm = shuffle(length, rng);
            inv = invert(perm);
        }

        @Override
        int keyOffset(int i) {
            return perm[i];
        }

        @Override
        int passOffset(int x) {
            return inv[x];
        }

        @Override
        void reorder(long[] key, long[] out, int word) {
            int base = word << 6;
            for (int i = 0; i < length; ) {
                int wordEnd = Math.min(length, i + 64);
                long acc = 0;
                for (int b = 0; i < wordEnd; i++, b++) {
                    int x = base + perm[i];
                    acc |= ((key[x >>> 6] >>> x) & 1L) << b;
                }
                out[word + ((i - 1) >>> 6)] = acc;
            }
        }
    }

    /**
     * A permutation built from whole-word moves, so that reordering costs a few operations per
     * 64-bit word instead of one gather per bit. The frame is {@code R} words, {@code R} a multiple
     * of 64. Three times, every word moves to a new place under a uniform word permutation and is
     * rotated by a uniform amount; between the moves, each group of 64 words is transposed as a 64
     * x 64 bit matrix (bit {@code c} of word {@code 64 g + r} goes to bit {@code r} of word {@code
     * 64 g + c}). After the first transpose the 64 bits of a key word sit in 64 different words;
     * the second move and transpose break the regularity that one transpose leaves (with a single
     * one, the bits {@code (w, b)} and {@code (w', b + c)} share a word for every {@code b} once
     * they share it for one, and Cascade at 8 % loses about 0.02 in efficiency). With two, measured
     * efficiency and frame error rate equal those of uniform permutations (docs/postprocessing.md).
     */
    static final class WordMixPermutation extends FramePermutation {
        static final int GROUP_BITS = 64 * 64;

        private final int words;

        /**
         * Word moves {@code j = 0, 1, 2} (before the first transpose, between the two, after the
         * second): {@code mj[w] = destination | rotation << 16} for source word {@code w}; {@code
         * ij[d] = source | rotation << 16} for destination word {@code d}.
         */
        private final int[] m0;

        private final int[] m1;
        private final int[] m2;
        private final int[] i0;
        private final int[] i1;
        private final int[] i2;

        WordMixPermutation(int length, SplitMix64 rng) {
            super(length);
            words = length >>> 6;
            if (words > 1 << 16) {
                throw new IllegalArgumentException("frame too long for a word-mixing permutation");
            }
            m0 = moves(words, rng);
            m1 = moves(words, rng);
            m2 = moves(words, rng);
            i0 = inverseMoves(m0);
            i1 = inverseMoves(m1);
            i2 = inverseMoves(m2);
        }

        private static int[] moves(int words, SplitMix64 rng) {
            int[] m = shuffle(words, rng);
            for (int w = 0; w < words; w += 8) {
                long bits = rng.nextLong();
                for (int j = 0; j < 8 && w + j < words; j++) {
                    m[w + j] |= (int) ((bits >>> (8 * j)) & 63) << 16;
                }
            }
            return m;
        }

        private static int[] inverseMoves(int[] m) {
            int[] inv = new int[m.length];
            for (int w = 0; w < m.length; w++) {
                inv[m[w] & 0xFFFF] = w | (m[w] & 0x3F0000);
            }
            return inv;
        }

        /** One move and transpose: word/bit {@code (w, b)} to the packed position after both. */
        private static int forward(int[] m, int w, int b) {
            int mv = m[w];
            int w1 = mv & 0xFFFF;
            int b1 = (b + (mv >>> 16)) & 63;
            return (((w1 & ~63) | b1) << 6) | (w1 & 63);
        }

        @Override
        int passOffset(int x) {
            int y = forward(m0, x >>> 6, x & 63);
            y = forward(m1, y >>> 6, y & 63);
            int mv = m2[y >>> 6];
            return ((mv & 0xFFFF) << 6) | ((y + (mv >>> 16)) & 63);
        }

        /** Inverse of one transpose and the move before it. */
        private static int backward(int[] inv, int w, int b) {
            int w1 = (w & ~63) | b;
            int b1 = w & 63;
            int mv = inv[w1];
            return ((mv & 0xFFFF) << 6) | ((b1 - (mv >>> 16)) & 63);
        }

        @Override
        int keyOffset(int i) {
            int mv = i2[i >>> 6];
            int y = ((mv & 0xFFFF) << 6) | ((i - (mv >>> 16)) & 63);
            y = backward(i1, y >>> 6, y & 63);
            return backward(i0, y >>> 6, y & 63);
        }

        @Override
        void reorder(long[] key, long[] out, int word) {
            long[] t = new long[words];
            long[] u = new long[words];
            for (int w = 0; w < words; w++) {
                int mv = m0[w];
                t[mv & 0xFFFF] = Long.rotateLeft(key[word + w], mv >>> 16);
            }
            for (int g = 0; g < words; g += 64) {
                transpose64(t, g);
            }
            for (int w = 0; w < words; w++) {
                int mv = m1[w];
                u[mv & 0xFFFF] = Long.rotateLeft(t[w], mv >>> 16);
            }
            for (int g = 0; g < words; g += 64) {
                transpose64(u, g);
            }
            for (int w = 0; w < words; w++) {
                int mv = m2[w];
                out[word + (mv & 0xFFFF)] = Long.rotateLeft(u[w], mv >>> 16);
            }
            java.util.Arrays.fill(t, 0L);
            java.util.Arrays.fill(u, 0L);
        }

        /**
         * Transposes the 64 x 64 bit matrix in {@code a[off..off+63]} in place (bit {@code c} of
         * word {@code r} is element {@code (r, c)}): swaps the off-diagonal quadrants, then
         * recursively inside each quadrant (Warren, Hacker's Delight, 2nd ed., section 7-3).
         */
        static void transpose64(long[] a, int off) {
            swapBlocks(a, off, 32, 0x00000000FFFFFFFFL);
            swapBlocks(a, off, 16, 0x0000FFFF0000FFFFL);
            swapBlocks(a, off, 8, 0x00FF00FF00FF00FFL);
            swapBlocks(a, off, 4, 0x0F0F0F0F0F0F0F0FL);
            long m2 = 0x3333333333333333L;
            long m1 = 0x5555555555555555L;
            for (int k = off; k < off + 64; k += 4) {
                swap(a, k, k + 2, 2, m2);
                swap(a, k + 1, k + 3, 2, m2);
                swap(a, k, k + 1, 1, m1);
                swap(a, k + 2, k + 3, 1, m1);
            }
        }

        /** For every row k with bit j clear: swaps bits j..2j-1 of each 2j-group with row k+j's. */
        private static void swapBlocks(long[] a, int off, int j, long m) {
            for (int base = off; base < off + 64; base += 2 * j) {
                for (int k = base; k < base + j; k++) {
                    swap(a, k, k + j, j, m);
                }
            }
        }

        private static void swap(long[] a, int k, int l, int j, long m) {
            long x = a[k];
            long y = a[l];
            long t = ((x >>> j) ^ y) & m;
            a[k] = x ^ (t << j);
            a[l] = y ^ t;
        }
    }
}
