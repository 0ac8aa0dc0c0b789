package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Arrays;

/**
 * FETCH answer, always encrypted: one chunk of key bytes starting at {@code offset} of a key of
 * {@code totalLength} bytes (bits packed most significant first; unused low bits of the last byte
 * are 0). Payload: offset u32, totalLength u32, data. Holds key material: {@link #wipe()} it.
 */
public record FetchResponse(int offset, int totalLength, byte[] data) implements Message {

    /** Bytes of the payload before the data. */
    public static final int OVERHEAD = 8;

    @Override
    public MessageType type() {
        return MessageType.FETCH;
    }

    @Override
    public boolean isResponse() {
        return true;
    }

    @Override
    public boolean carriesKey() {
        return true;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u32(offset).u32(totalLength).bytes(data);
    }

    public void wipe() {
        Arrays.fill(data, (byte) 0);
    }

    @Override
    public String toString() {
        return "FetchResponse{offset="
                + offset
                + ", total="
                + totalLength
                + ", "
                + data.length
                + "B}";
    }
}
