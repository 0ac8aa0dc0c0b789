package io.qkdmodem.agent.postprocessing.bits;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * A fixed-length, mutable, packed vector of bits.
 *
 * <p>Bit {@code i} is bit {@code i & 63} of word {@code i >>> 6}; bits beyond {@link #length()} in
 * the last word are always zero. {@link #toString()} never shows the bits, because a vector may
 * hold key material; call {@link #destroy()} to zeroize it when done.
 */
public final class BitVector {
    private final int length;
    private final long[] words;

    /** A vector of {@code length} zero bits. */
    public BitVector(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length);
        }
        this.length = length;
        this.words = new long[wordsFor(length)];
    }

    private BitVector(int length, long[] words) {
        this.length = length;
        this.words = words;
    }

    /** Number of 64-bit words needed for {@code bits} bits. */
    public static int wordsFor(int bits) {
        return (int) (((long) bits + 63) >>> 6);
    }

    /** Wraps (does not copy) {@code words}; bits beyond {@code length} are cleared. */
    public static BitVector wrap(long[] words, int length) {
        if (words.length != wordsFor(length)) {
            throw new IllegalArgumentException(
                    "need " + wordsFor(length) + " words for " + length + " bits");
        }
        BitVector v = new BitVector(length, words);
        v.clearTail();
        return v;
    }

    /** A vector of {@code length} uniformly random bits drawn from {@code random}. */
    public static BitVector random(int length, Random random) {
        BitVector v = new BitVector(length);
        for (int i = 0; i < v.words.length; i++) {
            v.words[i] = random.nextLong();
        }
        v.clearTail();
        return v;
    }

    /**
     * Reads {@code length} bits from bytes in the layout {@link #toBytes()} writes (bit {@code i}
     * is bit {@code i % 8} of byte {@code i / 8}).
     */
    public static BitVector fromBytes(byte[] bytes, int length) {
        if (bytes.length != (int) (((long) length + 7) >>> 3)) {
            throw new IllegalArgumentException(
                    "need " + (((long) length + 7) >>> 3) + " bytes for " + length + " bits");
        }
        BitVector v = new BitVector(length);
        for (int i = 0; i < bytes.length; i++) {
            v.words[i >>> 3] |= (bytes[i] & 0xFFL) << ((i & 7) << 3);
        }
        v.clearTail();
        return v;
    }

    /** The bits as bytes, bit {@code i} in bit {@code i % 8} of byte {@code i / 8}. */
    public byte[] toBytes() {
        byte[] out = new byte[(int) (((long) length + 7) >>> 3)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (words[i >>> 3] >>> ((i & 7) << 3));
        }
        return out;
    }

    public int length() {
        return length;
    }

    /** The backing words (live view: callers inside post-processing use it for speed). */
    public long[] words() {
        return words;
    }

    public boolean get(int i) {
        checkIndex(i);
        return ((words[i >>> 6] >>> i) & 1L) != 0;
    }

    public int bit(int i) {
        checkIndex(i);
        return (int) ((words[i >>> 6] >>> i) & 1L);
    }

    public void set(int i, boolean value) {
        checkIndex(i);
        if (value) {
            words[i >>> 6] |= 1L << i;
        } else {
            words[i >>> 6] &= ~(1L << i);
        }
    }

    public void flip(int i) {
        checkIndex(i);
        words[i >>> 6] ^= 1L << i;
    }

    /** Parity (XOR) of bits {@code [from, to)}. */
    public int parity(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        return rangeParity(words, from, to);
    }

    /** Parity of bits {@code [from, to)} of a packed word array (no bounds checks). */
    public static int rangeParity(long[] w, int from, int to) {
        if (from >= to) {
            return 0;
        }
        int fw = from >>> 6;
        int lw = (to - 1) >>> 6;
        long firstMask = -1L << from;
        long lastMask = -1L >>> (63 - ((to - 1) & 63));
        if (fw == lw) {
            return Long.bitCount(w[fw] & firstMask & lastMask) & 1;
        }
        long acc = w[fw] & firstMask;
        for (int i = fw + 1; i < lw; i++) {
            acc ^= w[i];
        }
        acc ^= w[lw] & lastMask;
        return Long.bitCount(acc) & 1;
    }

    /** Number of one bits. */
    public int cardinality() {
        int c = 0;
        for (long w : words) {
            c += Long.bitCount(w);
        }
        return c;
    }

    /** Number of positions where this and {@code other} differ. */
    public int hammingDistance(BitVector other) {
        requireSameLength(other);
        int c = 0;
        for (int i = 0; i < words.length; i++) {
            c += Long.bitCount(words[i] ^ other.words[i]);
        }
        return c;
    }

    /** {@code this ^= other}. */
    public void xorInPlace(BitVector other) {
        requireSameLength(other);
        for (int i = 0; i < words.length; i++) {
            words[i] ^= other.words[i];
        }
    }

    /** The bits {@code [from, to)} as a new vector. */
    public BitVector slice(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        BitVector out = new BitVector(to - from);
        for (int i = from; i < to; i++) {
            if (((words[i >>> 6] >>> i) & 1L) != 0) {
                out.words[(i - from) >>> 6] |= 1L << (i - from);
            }
        }
        return out;
    }

    /** The bits at {@code positions} (in that order) as a new vector. */
    public BitVector select(int[] positions) {
        BitVector out = new BitVector(positions.length);
        for (int j = 0; j < positions.length; j++) {
            int i = positions[j];
            checkIndex(i);
            if (((words[i >>> 6] >>> i) & 1L) != 0) {
                out.words[j >>> 6] |= 1L << j;
            }
        }
        return out;
    }

    /** This vector without the bits at the sorted, distinct {@code positions}. */
    public BitVector without(int[] sortedPositions) {
        BitVector out = new BitVector(length - sortedPositions.length);
        int p = 0;
        int o = 0;
        for (int i = 0; i < length; i++) {
            if (p < sortedPositions.length && sortedPositions[p] == i) {
                p++;
                continue;
            }
            if (((words[i >>> 6] >>> i) & 1L) != 0) {
                out.words[o >>> 6] |= 1L << o;
            }
            o++;
        }
        if (p != sortedPositions.length) {
            throw new IllegalArgumentException("positions must be sorted, distinct and in range");
        }
        return out;
    }

    public BitVector copy() {
        return new BitVector(length, words.clone());
    }

    /** Contents equal (not constant time; do not use to compare secrets against attacker data). */
    public boolean sameBits(BitVector other) {
        return other != null && other.length == length && Arrays.equals(words, other.words);
    }

    /** Overwrites every bit with zero. */
    public void destroy() {
        Arrays.fill(words, 0L);
    }

    /** Shows the length only: a bit vector may hold key material. */
    @Override
    public String toString() {
        return "BitVector[" + length + " bits]";
    }

    private void clearTail() {
        int rem = length & 63;
        if (rem != 0) {
            words[words.length - 1] &= (1L << rem) - 1;
        }
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("bit " + i + " of " + length);
        }
    }

    private void requireSameLength(BitVector other) {
        if (other.length != length) {
            throw new IllegalArgumentException(
                    "lengths differ: " + length + " and " + other.length);
        }
    }
}
