package io.qkdmodem.agent.postprocessing.amplification;

/**
 * Bit-range helpers on packed word arrays (bit {@code i} is bit {@code i & 63} of word {@code i >>>
 * 6}), the only primitives the GF(2) transforms need besides word XOR.
 */
final class Bits {

    private Bits() {}

    /**
     * {@code dst[dBit, dBit + len) ^= src[sBit, sBit + len)} (bit ranges, any alignment). Bits of
     * {@code dst} outside the range are untouched; {@code src} is read only inside its range, plus
     * at most the word that follows it when that word exists.
     */
    static void xorBits(long[] dst, int dBit, long[] src, int sBit, int len) {
        if (len <= 0) {
            return;
        }
        int dEnd = dBit + len;
        int w0 = dBit >>> 6;
        int w1 = (dEnd - 1) >>> 6;
        int delta = sBit - dBit;
        long headMask = -1L << dBit;
        long tailMask = -1L >>> (63 - ((dEnd - 1) & 63));
        if (w0 == w1) {
            dst[w0] ^= read64(src, (w0 << 6) + delta) & headMask & tailMask;
            return;
        }
        dst[w0] ^= read64(src, (w0 << 6) + delta) & headMask;
        int sb = ((w0 + 1) << 6) + delta;
        int sw = (sb >>> 6) - (w0 + 1);
        int r = sb & 63;
        if (r == 0) {
            for (int w = w0 + 1; w < w1; w++) {
                dst[w] ^= src[sw + w];
            }
        } else {
            int l = 64 - r;
            for (int w = w0 + 1; w < w1; w++) {
                dst[w] ^= (src[sw + w] >>> r) | (src[sw + w + 1] << l);
            }
        }
        dst[w1] ^= read64(src, (w1 << 6) + delta) & tailMask;
    }

    /**
     * The 64 bits of {@code s} starting at bit {@code b} ({@code b > -64}); bits below index 0 or
     * past the array read as zero.
     */
    static long read64(long[] s, int b) {
        int w = b >> 6;
        int r = b & 63;
        long lo = w >= 0 ? s[w] >>> r : 0L;
        long hi = w + 1 < s.length ? (s[w + 1] << 1) << (63 - r) : 0L;
        return lo | hi;
    }

    /**
     * In-place transpose of the 64 x 64 bit block {@code a[off, off + 64)}: bit {@code j} of word
     * {@code i} and bit {@code i} of word {@code j} change places (recursive block swap, Hacker's
     * Delight 7-3).
     */
    static void transpose64(long[] a, int off) {
        for (int k = off; k < off + 32; k++) {
            long t = ((a[k] >>> 32) ^ a[k + 32]) & 0x00000000FFFFFFFFL;
            a[k] ^= t << 32;
            a[k + 32] ^= t;
        }
        swapRounds(a, off, 16, 0x0000FFFF0000FFFFL);
        swapRounds(a, off, 8, 0x00FF00FF00FF00FFL);
        swapRounds(a, off, 4, 0x0F0F0F0F0F0F0F0FL);
        swapRounds(a, off, 2, 0x3333333333333333L);
        for (int k = off; k < off + 64; k += 2) {
            long t = ((a[k] >>> 1) ^ a[k + 1]) & 0x5555555555555555L;
            a[k] ^= t << 1;
            a[k + 1] ^= t;
        }
    }

    /** One round of {@link #transpose64}: blocks of {@code j} rows swap their masked halves. */
    private static void swapRounds(long[] a, int off, int j, long m) {
        for (int base = off; base < off + 64; base += 2 * j) {
            for (int k = base; k < base + j; k++) {
                long t = ((a[k] >>> j) ^ a[k + j]) & m;
                a[k] ^= t << j;
                a[k + j] ^= t;
            }
        }
    }
}
