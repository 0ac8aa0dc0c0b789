package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteReader;
import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Arrays;

/**
 * A 16-byte reference to reserved key material, opaque to the host. It is the same on both modems
 * of a link (the host on the other side fetches by it), so it names key bits, not a secret. The
 * firmware chooses its contents (suggested: block id u64, bit offset u32, bit length u32).
 */
public final class KeyRef {

    public static final int LENGTH = 16;

    private final byte[] bytes;

    private KeyRef(byte[] bytes) {
        this.bytes = bytes;
    }

    public static KeyRef of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a key reference has " + LENGTH + " bytes");
        }
        return new KeyRef(bytes.clone());
    }

    /** The suggested layout: block id, bit offset, bit length. */
    public static KeyRef of(long blockId, int bitOffset, int bitLength) {
        return new KeyRef(
                new ByteWriter(LENGTH)
                        .u64(blockId)
                        .u32(bitOffset & 0xFFFF_FFFFL)
                        .u32(bitLength & 0xFFFF_FFFFL)
                        .toByteArray());
    }

    static KeyRef read(ByteReader r) {
        return new KeyRef(r.bytes(LENGTH));
    }

    void write(ByteWriter w) {
        w.bytes(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRef && Arrays.equals(bytes, ((KeyRef) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("KeyRef{");
        for (byte b : bytes) {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.append('}').toString();
    }
}
