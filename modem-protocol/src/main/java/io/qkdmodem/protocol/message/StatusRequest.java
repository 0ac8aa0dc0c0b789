package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;

/** STATUS request; empty payload. Allowed before authentication. */
public record StatusRequest() implements Message {

    @Override
    public MessageType type() {
        return MessageType.STATUS;
    }

    @Override
    public boolean isResponse() {
        return false;
    }

    @Override
    public void writePayload(ByteWriter w) {}
}
