package io.qkdmodem.agent.qtls.message;

import java.io.ByteArrayOutputStream;

/** Big-endian writer for wire messages. */
public final class ByteWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ByteWriter u8(int v) {
        checkRange(v, 0xFF);
        out.write(v);
        return this;
    }

    public ByteWriter u16(int v) {
        checkRange(v, 0xFFFF);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public ByteWriter u24(int v) {
        checkRange(v, 0xFFFFFF);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public ByteWriter u32(long v) {
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("value out of range for u32");
        }
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
        return this;
    }

    public ByteWriter u64(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
        return this;
    }

    public ByteWriter bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    /** A vector with a 1-byte length prefix. */
    public ByteWriter opaque8(byte[] b) {
        return u8(b.length).bytes(b);
    }

    /** A vector with a 2-byte length prefix. */
    public ByteWriter opaque16(byte[] b) {
        return u16(b.length).bytes(b);
    }

    /** A vector with a 3-byte length prefix. */
    public ByteWriter opaque24(byte[] b) {
        return u24(b.length).bytes(b);
    }

    /** A vector with a 4-byte length prefix. */
    public ByteWriter opaque32(byte[] b) {
        return u32(b.length).bytes(b);
    }

    public int size() {
        return out.size();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private static void checkRange(int v, int max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException("value out of range: " + v + " > " + max);
        }
    }
}
