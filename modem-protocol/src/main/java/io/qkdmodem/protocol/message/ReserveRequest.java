package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;

/**
 * RESERVE key under a client-chosen {@code requestId} within the client's {@code epoch}. A
 * retransmission with the same epoch and request id gets the same reference. The epoch is drawn at
 * random by each host client instance (so a restarted agent never repeats an earlier instance's
 * ids, even if it numbers its requests from a counter); 0 means "no epoch". Three modes, told apart
 * by the {@code mode} byte:
 *
 * <ul>
 *   <li>{@link #MODE_BITS} (0): exactly {@code bits} bits the modem chooses;
 *   <li>{@link #MODE_REFERENCE} (1), {@code wanted} set (the peer host's reference, received over
 *       Quantum TLS): exactly those bits;
 *   <li>{@link #MODE_WHOLE_BLOCK} (2), {@code wholeBlock} set: one whole key block of at least
 *       {@code bits} bits, none of it reserved before (the modem chooses the oldest); the response
 *       gives the block's size. The block's COUNTS then describe exactly the reserved bits.
 * </ul>
 *
 * Payload: requestId u64, epoch u64, bits u32, mode u8, [ref 16 if mode 1].
 */
public record ReserveRequest(
        long requestId, long epoch, int bits, KeyRef wanted, boolean wholeBlock)
        implements Message {

    public static final int MODE_BITS = 0;
    public static final int MODE_REFERENCE = 1;
    public static final int MODE_WHOLE_BLOCK = 2;

    public ReserveRequest {
        if (bits < 1) {
            throw new IllegalArgumentException("bits must be positive");
        }
        if (wholeBlock && wanted != null) {
            throw new IllegalArgumentException("a whole-block RESERVE names no reference");
        }
    }

    /** Mode 0, or mode 1 when {@code wanted} is not null, in {@code epoch}. */
    public ReserveRequest(long requestId, long epoch, int bits, KeyRef wanted) {
        this(requestId, epoch, bits, wanted, false);
    }

    /** Mode 0, or mode 1 when {@code wanted} is not null, in epoch 0. */
    public ReserveRequest(long requestId, int bits, KeyRef wanted) {
        this(requestId, 0, bits, wanted, false);
    }

    /** Mode 0 in epoch 0. */
    public static ReserveRequest of(long requestId, int bits) {
        return new ReserveRequest(requestId, 0, bits, null, false);
    }

    /** Mode 0 in {@code epoch}. */
    public static ReserveRequest of(long epoch, long requestId, int bits) {
        return new ReserveRequest(requestId, epoch, bits, null, false);
    }

    /** Mode 2 in epoch 0: one whole unreserved block of at least {@code minBits} bits. */
    public static ReserveRequest wholeBlock(long requestId, int minBits) {
        return new ReserveRequest(requestId, 0, minBits, null, true);
    }

    /** Mode 2 in {@code epoch}. */
    public static ReserveRequest wholeBlock(long epoch, long requestId, int minBits) {
        return new ReserveRequest(requestId, epoch, minBits, null, true);
    }

    /** The mode byte on the wire. */
    public int mode() {
        return wholeBlock ? MODE_WHOLE_BLOCK : wanted == null ? MODE_BITS : MODE_REFERENCE;
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
        w.u64(requestId).u64(epoch).u32(bits).u8(mode());
        if (wanted != null) {
            wanted.write(w);
        }
    }
}
