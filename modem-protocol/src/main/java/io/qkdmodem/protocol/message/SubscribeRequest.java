package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;

/**
 * SUBSCRIBE to the event kinds in {@code mask} (bit {@code 1 << kind}); 0 unsubscribes. Payload:
 * u32.
 */
public record SubscribeRequest(int mask) implements Message {

    @Override
    public MessageType type() {
        return MessageType.SUBSCRIBE;
    }

    @Override
    public boolean isResponse() {
        return false;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u32(mask & 0xFFFF_FFFFL);
    }
}
