package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.qkdconfig.QkdConfigMessage;
import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Objects;

/** CONFIGURE: the payload is one QKD Configuration message (docs/protocol/qkd-config.md). */
public record ConfigureRequest(QkdConfigMessage config) implements Message {

    public ConfigureRequest {
        Objects.requireNonNull(config);
    }

    @Override
    public MessageType type() {
        return MessageType.CONFIGURE;
    }

    @Override
    public boolean isResponse() {
        return false;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.bytes(config.encode());
    }
}
