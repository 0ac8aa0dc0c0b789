package io.qkdmodem.protocol.frame;

import java.util.Objects;

/**
 * One decoded frame: header fields and payload. The payload is shared, not copied; whoever holds
 * key material in it zeroizes it with {@link #wipe()} after use. {@code toString()} shows sizes
 * only.
 */
public final class Frame {

    /** Flag bit 0: this frame answers the request with the same sequence number. */
    public static final int FLAG_RESPONSE = 0x01;

    /** Flag bit 1: the payload ends with a 16-byte AES-GCM tag (authenticated frame). */
    public static final int FLAG_AUTHENTICATED = 0x02;

    /** Flag bit 2: the payload is AES-GCM ciphertext (only with {@link #FLAG_AUTHENTICATED}). */
    public static final int FLAG_ENCRYPTED = 0x04;

    /** Flag bits that version 1 defines; the others must be 0. */
    public static final int KNOWN_FLAGS = FLAG_RESPONSE | FLAG_AUTHENTICATED | FLAG_ENCRYPTED;

    private final int version;
    private final int type;
    private final int flags;
    private final long seq;
    private final byte[] payload;

    public Frame(int version, int type, int flags, long seq, byte[] payload) {
        if (version < 0 || version > 0xFF || type < 0 || type > 0xFF) {
            throw new IllegalArgumentException("version and type are bytes");
        }
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException("unknown flag bits " + Integer.toHexString(flags));
        }
        if (seq < 0 || seq > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seq is an unsigned 32-bit value");
        }
        this.version = version;
        this.type = type;
        this.flags = flags;
        this.seq = seq;
        this.payload = Objects.requireNonNull(payload);
    }

    public int version() {
        return version;
    }

    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    public long seq() {
        return seq;
    }

    /** The payload array itself (not a copy). */
    public byte[] payload() {
        return payload;
    }

    public void wipe() {
        java.util.Arrays.fill(payload, (byte) 0);
    }

    @Override
    public String toString() {
        return String.format(
                "Frame{v%d type=0x%02x flags=0x%02x seq=%d payload=%dB}",
                version, type, flags, seq, payload.length);
    }
}
