package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Objects;

/**
 * COUNTS of a reference: the acquisition counts of the block its bits come from. Payload: ref 16.
 */
public record CountsRequest(KeyRef ref) implements Message {

    public CountsRequest {
        Objects.requireNonNull(ref);
    }

    @Override
    public MessageType type() {
        return MessageType.COUNTS;
    }

    @Override
    public boolean isResponse() {
        return false;
    }

    @Override
    public void writePayload(ByteWriter w) {
        ref.write(w);
    }
}
