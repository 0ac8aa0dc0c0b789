package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Arrays;

/**
 * REPLENISH: the host hands its modem a slice of final key for the modem-to-modem link's
 * authentication pool. Always encrypted; idempotent on {@code requestId}. Payload: requestId u64,
 * material.
 */
public record ReplenishRequest(long requestId, byte[] material) implements Message {

    public ReplenishRequest {
        if (material.length < 1) {
            throw new IllegalArgumentException("material must not be empty");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.REPLENISH;
    }

    @Override
    public boolean isResponse() {
        return false;
    }

    @Override
    public boolean carriesKey() {
        return true;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u64(requestId).bytes(material);
    }

    public void wipe() {
        Arrays.fill(material, (byte) 0);
    }

    @Override
    public String toString() {
        return "ReplenishRequest{requestId=" + requestId + ", " + material.length + "B}";
    }
}
