package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;

/** CONFIGURE answer: the configuration was applied. Empty payload. */
public record ConfigureResponse() implements Message {

    @Override
    public MessageType type() {
        return MessageType.CONFIGURE;
    }

    @Override
    public boolean isResponse() {
        return true;
    }

    @Override
    public void writePayload(ByteWriter w) {}
}
