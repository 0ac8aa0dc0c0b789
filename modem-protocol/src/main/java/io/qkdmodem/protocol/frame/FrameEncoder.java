package io.qkdmodem.protocol.frame;

/**
 * Frames to bytes: {@code 0x00, COBS(header | payload | CRC-32C), 0x00}. The leading delimiter ends
 * any garbage the receiver has collected, so the frame after a burst of noise still decodes.
 */
public final class FrameEncoder {

    /** Header: version(1) type(1) flags(1) seq(4) length(2). */
    public static final int HEADER_LENGTH = 9;

    public static final int CRC_LENGTH = 4;

    /** Largest payload a frame may carry (version 1). */
    public static final int MAX_PAYLOAD = 8192;

    /** Largest decoded frame: header + payload + CRC. */
    public static final int MAX_DECODED = HEADER_LENGTH + MAX_PAYLOAD + CRC_LENGTH;

    /** Largest frame on the wire between the delimiters. */
    public static final int MAX_ENCODED = Cobs.maxEncodedLength(MAX_DECODED);

    private FrameEncoder() {}

    /** Writes the 9-byte header for a payload of {@code payloadLength} bytes into {@code dst}. */
    public static void writeHeader(
            byte[] dst, int off, int version, int type, int flags, long seq, int payloadLength) {
        dst[off] = (byte) version;
        dst[off + 1] = (byte) type;
        dst[off + 2] = (byte) flags;
        dst[off + 3] = (byte) (seq >>> 24);
        dst[off + 4] = (byte) (seq >>> 16);
        dst[off + 5] = (byte) (seq >>> 8);
        dst[off + 6] = (byte) seq;
        dst[off + 7] = (byte) (payloadLength >>> 8);
        dst[off + 8] = (byte) payloadLength;
    }

    /** The header of {@code f} as it goes on the wire (before stuffing). */
    public static byte[] header(Frame f) {
        byte[] h = new byte[HEADER_LENGTH];
        writeHeader(h, 0, f.version(), f.type(), f.flags(), f.seq(), f.payload().length);
        return h;
    }

    /**
     * The wire bytes of {@code f}.
     *
     * @throws IllegalArgumentException if the payload exceeds {@link #MAX_PAYLOAD}
     */
    public static byte[] encode(Frame f) {
        byte[] payload = f.payload();
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException(
                    "payload " + payload.length + " > " + MAX_PAYLOAD + " bytes");
        }
        int n = HEADER_LENGTH + payload.length + CRC_LENGTH;
        byte[] raw = new byte[n];
        writeHeader(raw, 0, f.version(), f.type(), f.flags(), f.seq(), payload.length);
        System.arraycopy(payload, 0, raw, HEADER_LENGTH, payload.length);
        int crc = Crc32c.compute(raw, 0, HEADER_LENGTH + payload.length);
        raw[n - 4] = (byte) (crc >>> 24);
        raw[n - 3] = (byte) (crc >>> 16);
        raw[n - 2] = (byte) (crc >>> 8);
        raw[n - 1] = (byte) crc;
        byte[] out = new byte[Cobs.maxEncodedLength(n) + 2];
        out[0] = 0;
        int len = Cobs.encode(raw, 0, n, out, 1);
        out[len + 1] = 0;
        java.util.Arrays.fill(raw, (byte) 0);
        return java.util.Arrays.copyOf(out, len + 2);
    }
}
