package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;

/**
 * RESERVE {@code bits} of key under a client-chosen {@code requestId} within the client's {@code
 * epoch}. A retransmission with the same epoch and request id gets the same reference. The epoch is
 * drawn at random by each host client instance (so a restarted agent never repeats an earlier
 * instance's ids, even if it numbers its requests from a counter); 0 means "no epoch". With {@code
 * wanted} set (the peer host's reference, received over Quantum TLS), the modem reserves exactly
 * those bits. Payload: requestId u64, epoch u64, bits u32, hasRef u8 (0 or 1), [ref 16].
 */
public record ReserveRequest(long requestId, long epoch, int bits, KeyRef wanted)
        implements Message {

    public ReserveRequest {
        if (bits < 1) {
            throw new IllegalArgumentException("bits must be positive");
        }
    }

    /** A request in epoch 0. */
    public ReserveRequest(long requestId, int bits, KeyRef wanted) {
        this(requestId, 0, bits, wanted);
    }

    /** A request in epoch 0 without a wanted reference. */
    public static ReserveRequest of(long requestId, int bits) {
        return new ReserveRequest(requestId, 0, bits, null);
    }

    /** A request in {@code epoch} without a wanted reference. */
    public static ReserveRequest of(long epoch, long requestId, int bits) {
        return new ReserveRequest(requestId, epoch, bits, null);
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
        w.u64(requestId).u64(epoch).u32(bits).u8(wanted == null ? 0 : 1);
        if (wanted != null) {
            wanted.write(w);
        }
    }
}
