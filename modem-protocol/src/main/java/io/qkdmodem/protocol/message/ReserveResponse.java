package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Objects;

/**
 * RESERVE answer: the request id, the key reference and its size in bits. Payload: u64, ref 16,
 * u32.
 */
public record ReserveResponse(long requestId, KeyRef ref, int bits) implements Message {

    public ReserveResponse {
        Objects.requireNonNull(ref);
    }

    @Override
    public MessageType type() {
        return MessageType.RESERVE;
    }

    @Override
    public boolean isResponse() {
        return true;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u64(requestId);
        ref.write(w);
        w.u32(bits & 0xFFFF_FFFFL);
    }
}
