package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Objects;

/**
 * EVENT, modem to host, unsolicited, with the modem's own sequence number. Best effort: events are
 * not retransmitted (STATUS tells the current truth). Payload: kind u8, value u64.
 */
public record EventMessage(EventKind kind, long value) implements Message {

    public EventMessage {
        Objects.requireNonNull(kind);
    }

    @Override
    public MessageType type() {
        return MessageType.EVENT;
    }

    @Override
    public boolean isResponse() {
        return false;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u8(kind.code()).u64(value);
    }
}
