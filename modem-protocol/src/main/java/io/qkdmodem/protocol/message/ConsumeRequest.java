package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Objects;

/** CONSUME a reference: the modem zeroizes its bits. Payload: ref 16. */
public record ConsumeRequest(KeyRef ref) implements Message {

    public ConsumeRequest {
        Objects.requireNonNull(ref);
    }

    @Override
    public MessageType type() {
        return MessageType.CONSUME;
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
