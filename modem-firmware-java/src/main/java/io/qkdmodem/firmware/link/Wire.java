package io.qkdmodem.firmware.link;

import io.qkdmodem.protocol.wire.ByteReader;
import io.qkdmodem.protocol.wire.ByteWriter;

/** Small helpers shared by the link messages: varints, packed bits, bounded counts. */
final class Wire {
    private Wire() {}

    static void varint(ByteWriter w, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("varint must be non-negative");
        }
        while (v >= 0x80) {
            w.u8((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        w.u8((int) v);
    }

    static long varint(ByteReader r) throws LinkProtocolException {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = r.u8();
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new LinkProtocolException("varint too long");
    }

    static int count(ByteReader r, int max, String what) throws LinkProtocolException {
        long n = r.u32();
        if (n > max) {
            throw new LinkProtocolException(what + " count " + n + " exceeds " + max);
        }
        return (int) n;
    }

    /** Increasing non-negative ints as varint gaps. */
    static void increasing(ByteWriter w, int[] v) {
        w.u32(v.length);
        int prev = -1;
        for (int x : v) {
            varint(w, (long) x - prev - 1);
            prev = x;
        }
    }

    static int[] increasing(ByteReader r, int max, int limitExclusive, String what)
            throws LinkProtocolException {
        int n = count(r, max, what);
        // every varint takes at least one byte: check before allocating
        if (n > r.remaining()) {
            throw new LinkProtocolException(
                    what + " count " + n + " exceeds the " + r.remaining() + " bytes left");
        }
        int[] v = new int[n];
        long prev = -1;
        for (int i = 0; i < n; i++) {
            long gap = varint(r);
            // compare the gap, not prev + 1 + gap, which can wrap negative
            if (gap >= limitExclusive - prev - 1) {
                throw new LinkProtocolException(
                        what
                                + " value after "
                                + prev
                                + " out of range (limit "
                                + limitExclusive
                                + ")");
            }
            long x = prev + 1 + gap;
            v[i] = (int) x;
            prev = x;
        }
        return v;
    }

    static int packedLength(int bits) {
        return (bits + 7) >>> 3;
    }

    static int bit(byte[] packed, int i) {
        return packed[i >>> 3] >>> (7 - (i & 7)) & 1;
    }

    static void setBit(byte[] packed, int i) {
        packed[i >>> 3] |= (byte) (0x80 >>> (i & 7));
    }
}
