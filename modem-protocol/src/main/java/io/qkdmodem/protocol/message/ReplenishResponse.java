package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;

/** REPLENISH answer: the request id and the pool size now, in bits. Payload: u64, u64. */
public record ReplenishResponse(long requestId, long poolBits) implements Message {

    @Override
    public MessageType type() {
        return MessageType.REPLENISH;
    }

    @Override
    public boolean isResponse() {
        return true;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u64(requestId).u64(poolBits);
    }
}
