package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;

/**
 * RESERVE {@code bits} of key under a client-chosen {@code requestId}. A retransmission with the
 * same request id gets the same reference. With {@code wanted} set (the peer host's reference,
 * received over Quantum TLS), the modem reserves exactly those bits. Payload: requestId u64, bits
 * u32, hasRef u8 (0 or 1), [ref 16].
 */
public record ReserveRequest(long requestId, int bits, KeyRef wanted) implements Message {

    public ReserveRequest {
        if (bits < 1) {
            throw new IllegalArgumentException("bits must be positive");
        }
    }

    public static ReserveRequest of(long requestId, int bits) {
        return new ReserveRequest(requestId, bits, null);
    }

    @Override
    public MessageType type() {
        return MessageType.RESERVE;
    }

    @Override
    public boolean isResponse() {
        return false;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u64(requestId).u32(bits).u8(wanted == null ? 0 : 1);
        if (wanted != null) {
            wanted.write(w);
        }
    }
}
