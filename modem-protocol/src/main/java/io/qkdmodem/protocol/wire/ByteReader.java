package io.qkdmodem.protocol.wire;

import java.util.Arrays;
import java.util.Objects;

/** A big-endian read cursor over a slice of a byte array. Not thread-safe. */
public final class ByteReader {

    private final byte[] buf;
    private final int end;
    private int pos;

    public ByteReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public ByteReader(byte[] buf, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public int remaining() {
        return end - pos;
    }

    public int position() {
        return pos;
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new WireUnderflowException(n, end - pos);
        }
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int u16() {
        need(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    /** An unsigned 32-bit value, as a non-negative long. */
    public long u32() {
        need(4);
        long v =
                ((long) (buf[pos] & 0xFF) << 24)
                        | ((buf[pos + 1] & 0xFF) << 16)
                        | ((buf[pos + 2] & 0xFF) << 8)
                        | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long u64() {
        long hi = u32();
        long lo = u32();
        return (hi << 32) | lo;
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }
}
