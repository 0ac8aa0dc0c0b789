package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Objects;

/**
 * FETCH up to {@code maxLength} bytes of a reserved key from byte {@code offset}. The host asks for
 * the next chunk only after the previous one arrived, so {@code maxLength} is its flow-control
 * credit. Payload: ref 16, offset u32, maxLength u32.
 */
public record FetchRequest(KeyRef ref, int offset, int maxLength) implements Message {

    public FetchRequest {
        Objects.requireNonNull(ref);
        if (offset < 0 || maxLength < 1) {
            throw new IllegalArgumentException("offset >= 0 and maxLength >= 1");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.FETCH;
    }

    @Override
    public boolean isResponse() {
        return false;
    }

    @Override
    public void writePayload(ByteWriter w) {
        ref.write(w);
        w.u32(offset).u32(maxLength);
    }
}
