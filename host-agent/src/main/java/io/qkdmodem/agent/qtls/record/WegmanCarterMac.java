package io.qkdmodem.agent.qtls.record;

import java.security.MessageDigest;

/**
 * Wegman-Carter authentication (paper reference [23]): an almost-XOR-universal polynomial hash over
 * GF(2^128) keyed by a one-time H, masked by a one-time pad S: {@code tag = poly_H(data) XOR S}.
 * With H and S fresh for every message, forging succeeds with probability at most (blocks+1) /
 * 2^128 whatever the adversary's computing power. The field is GF(2)[x] / (x^128 + x^7 + x^2 + x +
 * 1); bit i of the 16-byte big-endian value is the coefficient of x^i.
 */
public final class WegmanCarterMac {
    public static final int KEY_LENGTH = 16;
    public static final int TAG_LENGTH = 16;

    private WegmanCarterMac() {}

    /** The tag of {@code aad || data} (each zero-padded to 16 bytes, then both lengths). */
    public static byte[] tag(byte[] h, byte[] s, byte[] aad, byte[] data) {
        if (h.length != KEY_LENGTH || s.length != KEY_LENGTH) {
            throw new IllegalArgumentException("Wegman-Carter keys are 16 bytes");
        }
        long hHi = load(h, 0);
        long hLo = load(h, 8);
        long[] acc = new long[2];
        absorb(acc, aad, hHi, hLo);
        absorb(acc, data, hHi, hLo);
        acc[0] ^= (long) aad.length * 8;
        acc[1] ^= (long) data.length * 8;
        mul(acc, hHi, hLo);
        byte[] out = new byte[TAG_LENGTH];
        store(out, 0, acc[0] ^ load(s, 0));
        store(out, 8, acc[1] ^ load(s, 8));
        return out;
    }

    public static boolean verify(byte[] h, byte[] s, byte[] aad, byte[] data, byte[] tag) {
        return MessageDigest.isEqual(tag(h, s, aad, data), tag);
    }

    private static void absorb(long[] acc, byte[] in, long hHi, long hLo) {
        byte[] block = new byte[16];
        for (int off = 0; off < in.length; off += 16) {
            int n = Math.min(16, in.length - off);
            java.util.Arrays.fill(block, (byte) 0);
            System.arraycopy(in, off, block, 0, n);
            acc[0] ^= load(block, 0);
            acc[1] ^= load(block, 8);
            mul(acc, hHi, hLo);
        }
    }

    /** acc = acc * h in GF(2^128); acc[0] holds x^127..x^64, acc[1] holds x^63..x^0. */
    private static void mul(long[] acc, long hHi, long hLo) {
        long zHi = 0;
        long zLo = 0;
        long aHi = acc[0];
        long aLo = acc[1];
        for (int i = 127; i >= 0; i--) {
            // z = z * x mod p
            long carry = zHi >>> 63;
            zHi = (zHi << 1) | (zLo >>> 63);
            zLo = (zLo << 1) ^ (carry * 0x87L);
            long bit = i >= 64 ? (aHi >>> (i - 64)) & 1 : (aLo >>> i) & 1;
            long mask = -bit;
            zHi ^= hHi & mask;
            zLo ^= hLo & mask;
        }
        acc[0] = zHi;
        acc[1] = zLo;
    }

    private static long load(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    private static void store(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
