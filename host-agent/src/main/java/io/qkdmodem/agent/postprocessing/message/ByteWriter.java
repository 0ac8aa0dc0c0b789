package io.qkdmodem.agent.postprocessing.message;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import java.util.Arrays;

/** Big-endian writer into a growable buffer. */
public final class ByteWriter {
    private byte[] buf;
    private int size;

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    public ByteWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter u32(long v) {
        ensure(4);
        for (int s = 24; s >= 0; s -= 8) {
            buf[size++] = (byte) (v >>> s);
        }
        return this;
    }

    public ByteWriter i64(long v) {
        ensure(8);
        for (int s = 56; s >= 0; s -= 8) {
            buf[size++] = (byte) (v >>> s);
        }
        return this;
    }

    public ByteWriter f64(double v) {
        return i64(Double.doubleToLongBits(v));
    }

    public ByteWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    /** A 32-bit bit count followed by the packed bytes. */
    public ByteWriter bits(BitVector v) {
        u32(v.length());
        byte[] b = v.toBytes();
        bytes(b);
        Arrays.fill(b, (byte) 0);
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
