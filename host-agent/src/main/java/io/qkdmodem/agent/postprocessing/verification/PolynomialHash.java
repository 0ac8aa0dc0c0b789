package io.qkdmodem.agent.postprocessing.verification;

import io.qkdmodem.agent.postprocessing.bits.BitVector;

/**
 * The polynomial-evaluation universal hash over GF(2^64) (field polynomial {@code x^64 + x^4 + x^3
 * + x + 1}): a key {@code x} of {@code L} 64-bit words {@code m_1..m_L} followed by a length word
 * {@code m_{L+1}} hashes to {@code sum_i m_i h^{L+2-i}} (Horner). Two different keys of the same
 * length collide for at most {@code L + 1} values of {@code h}, so for a uniform {@code h} the
 * collision probability is at most {@code (L + 1) / 2^64} (Wegman-Carter / den Boer). With {@code
 * t} independent keys the bound is {@code ((L + 1) / 2^64)^t}; {@link #instancesFor} picks {@code
 * t}. An all-zero {@code h} is allowed: it only happens with probability 2^-64 and is covered by
 * the bound.
 */
public final class PolynomialHash {
    private static final long REDUCTION = 0x1BL; // x^4 + x^3 + x + 1

    private PolynomialHash() {}

    /** Number of independent instances so that the collision probability is at most 2^-bits. */
    public static int instancesFor(int keyBits, int securityBits) {
        double words = Math.ceil(keyBits / 64.0) + 1;
        double perInstance = 64 - Math.log(words) / Math.log(2); // -log2 of the collision bound
        return Math.max(1, (int) Math.ceil(securityBits / perInstance));
    }

    /** -log2 of the collision bound of {@code instances} instances on {@code keyBits} bits. */
    public static double securityBits(int keyBits, int instances) {
        double words = Math.ceil(keyBits / 64.0) + 1;
        return instances * (64 - Math.log(words) / Math.log(2));
    }

    /** The tag word of {@code key} under hash key {@code h}. */
    public static long hash(BitVector key, long h) {
        long[] table = table(h);
        long acc = 0;
        long[] w = key.words();
        for (long m : w) {
            acc = mul(acc ^ m, table);
        }
        return mul(acc ^ key.length(), table);
    }

    /** Tags of {@code key} under each hash key. */
    public static long[] tag(BitVector key, long[] hashKeys) {
        long[] t = new long[hashKeys.length];
        for (int i = 0; i < hashKeys.length; i++) {
            t[i] = hash(key, hashKeys[i]);
        }
        return t;
    }

    /** Constant-time comparison of two tags. */
    public static boolean tagsEqual(long[] a, long[] b) {
        if (a.length != b.length) {
            return false;
        }
        long diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff |= a[i] ^ b[i];
        }
        return diff == 0;
    }

    /**
     * Table for multiplication by {@code h}: entry {@code 16 j + v} is {@code (v x^{4j}) h mod P},
     * so {@code a h = XOR_j T[16 j + nibble_j(a)]}.
     */
    static long[] table(long h) {
        long[] t = new long[256];
        long base = h; // x^{4j} h
        for (int j = 0; j < 16; j++) {
            long b0 = base;
            long b1 = mulX(b0);
            long b2 = mulX(b1);
            long b3 = mulX(b2);
            for (int v = 0; v < 16; v++) {
                long e = 0;
                if ((v & 1) != 0) {
                    e ^= b0;
                }
                if ((v & 2) != 0) {
                    e ^= b1;
                }
                if ((v & 4) != 0) {
                    e ^= b2;
                }
                if ((v & 8) != 0) {
                    e ^= b3;
                }
                t[16 * j + v] = e;
            }
            base = mulX(b3);
        }
        return t;
    }

    private static long mul(long a, long[] t) {
        long r = 0;
        for (int j = 0; j < 16; j++) {
            r ^= t[(j << 4) | (int) ((a >>> (4 * j)) & 15)];
        }
        return r;
    }

    private static long mulX(long a) {
        return (a << 1) ^ ((a >> 63) & REDUCTION);
    }

    /** Plain shift-and-add multiplication in GF(2^64), the reference for tests. */
    public static long multiply(long a, long b) {
        long r = 0;
        for (int i = 0; i < 64; i++) {
            if (((b >>> i) & 1) != 0) {
                r ^= a;
            }
            a = mulX(a);
        }
        return r;
    }
}
