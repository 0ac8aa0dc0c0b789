package io.qkdmodem.agent.qtls.message;

import java.util.Arrays;

/**
 * Big-endian reader over one complete message. Every read checks the remaining length and throws
 * {@link DecodeException} instead of reading past the end; vectors are bounded by a maximum.
 */
public final class ByteReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    public ByteReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public ByteReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public int remaining() {
        return end - pos;
    }

    public int u8() throws DecodeException {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int u16() throws DecodeException {
        need(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int u24() throws DecodeException {
        need(3);
        int v = ((buf[pos] & 0xFF) << 16) | ((buf[pos + 1] & 0xFF) << 8) | (buf[pos + 2] & 0xFF);
        pos += 3;
        return v;
    }

    public long u32() throws DecodeException {
        need(4);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public long u64() throws DecodeException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public byte[] bytes(int n) throws DecodeException {
        if (n < 0) {
            throw new DecodeException("negative length");
        }
        need(n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    public byte[] opaque8(int max) throws DecodeException {
        return bounded(u8(), max);
    }

    public byte[] opaque16(int max) throws DecodeException {
        return bounded(u16(), max);
    }

    public byte[] opaque24(int max) throws DecodeException {
        return bounded(u24(), max);
    }

    public byte[] opaque32(int max) throws DecodeException {
        long n = u32();
        if (n > max) {
            throw new DecodeException("vector length " + n + " exceeds " + max);
        }
        return bytes((int) n);
    }

    /** Throws unless every byte has been read. */
    public void expectEnd() throws DecodeException {
        if (pos != end) {
            throw new DecodeException((end - pos) + " trailing bytes");
        }
    }

    private byte[] bounded(int n, int max) throws DecodeException {
        if (n > max) {
            throw new DecodeException("vector length " + n + " exceeds " + max);
        }
        return bytes(n);
    }

    private void need(int n) throws DecodeException {
        if (end - pos < n) {
            throw new DecodeException("truncated: need " + n + " bytes, have " + (end - pos));
        }
    }
}
