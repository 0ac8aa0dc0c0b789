package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;

/**
 * CONSUME answer. Payload: alreadyConsumed u8 (1 when a retransmitted CONSUME finds the bits
 * already gone, so retransmission is harmless).
 */
public record ConsumeResponse(boolean alreadyConsumed) implements Message {

    @Override
    public MessageType type() {
        return MessageType.CONSUME;
    }

    @Override
    public boolean isResponse() {
        return true;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u8(alreadyConsumed ? 1 : 0);
    }
}
