package io.qkdmodem.agent.postprocessing.message;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import java.util.Arrays;

/** Big-endian reader with bounds checks; every failure is a {@link MalformedMessageException}. */
public final class ByteReader {
    private final byte[] buf;
    private int pos;

    public ByteReader(byte[] buf) {
        this.buf = buf;
    }

    private void need(long n, String what) throws MalformedMessageException {
        if (n < 0 || n > buf.length - pos) {
            throw new MalformedMessageException(
                    "truncated: "
                            + what
                            + " needs "
                            + n
                            + " bytes, "
                            + (buf.length - pos)
                            + " left");
        }
    }

    public int u8(String what) throws MalformedMessageException {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    public long u32(String what) throws MalformedMessageException {
        need(4, what);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    /** An unsigned 32-bit value that must be at most {@code max}. */
    public int u32Max(String what, int max) throws MalformedMessageException {
        long v = u32(what);
        if (v > max) {
            throw new MalformedMessageException(what + " " + v + " exceeds " + max);
        }
        return (int) v;
    }

    public long i64(String what) throws MalformedMessageException {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public double f64(String what) throws MalformedMessageException {
        double d = Double.longBitsToDouble(i64(what));
        if (!Double.isFinite(d)) {
            throw new MalformedMessageException(what + " is not a finite number");
        }
        return d;
    }

    public byte[] bytes(int n, String what) throws MalformedMessageException {
        need(n, what);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** A bit vector written by {@link ByteWriter#bits}, at most {@code maxBits} long. */
    public BitVector bits(String what, int maxBits) throws MalformedMessageException {
        int len = u32Max(what + " length", maxBits);
        byte[] b = bytes((int) (((long) len + 7) >>> 3), what);
        int rem = len & 7;
        if (rem != 0 && (b[b.length - 1] & 0xFF) >>> rem != 0) {
            throw new MalformedMessageException(what + " has bits set beyond its length");
        }
        BitVector v = BitVector.fromBytes(b, len);
        Arrays.fill(b, (byte) 0);
        return v;
    }

    public void end() throws MalformedMessageException {
        if (pos != buf.length) {
            throw new MalformedMessageException((buf.length - pos) + " trailing bytes");
        }
    }
}
