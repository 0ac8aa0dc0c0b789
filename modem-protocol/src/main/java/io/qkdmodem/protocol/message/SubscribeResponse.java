package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;

/** SUBSCRIBE answer: the mask now in force (unknown bits cleared). Payload: u32. */
public record SubscribeResponse(int mask) implements Message {

    @Override
    public MessageType type() {
        return MessageType.SUBSCRIBE;
    }

    @Override
    public boolean isResponse() {
        return true;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u32(mask & 0xFFFF_FFFFL);
    }
}
