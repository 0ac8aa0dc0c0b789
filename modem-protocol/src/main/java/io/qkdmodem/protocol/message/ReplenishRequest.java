package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Arrays;

/**
 * REPLENISH: the host hands its modem a slice of final key for the modem-to-modem link's
 * authentication pool, naming the key reference whose handshake produced it. Both hosts of a link
 * send the same slice under the same reference, and both modems place it at the pool address they
 * derive from that reference, so the two pools stay aligned whatever order the slices arrive in and
 * whether or not one is lost. Always encrypted; idempotent (the same reference and slice again
 * changes nothing). Payload: ref 16, material (the rest, at least 1 byte).
 */
public record ReplenishRequest(KeyRef ref, byte[] material) implements Message {

    public ReplenishRequest {
        if (ref == null) {
            throw new IllegalArgumentException("the slice's key reference is required");
        }
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
        ref.write(w);
        w.bytes(material);
    }

    public void wipe() {
        Arrays.fill(material, (byte) 0);
    }

    @Override
    public String toString() {
        return "ReplenishRequest{ref=" + ref + ", " + material.length + "B}";
    }
}
