package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;

/**
 * REPLENISH answer: what the modem did with the slice ({@link #PLACED}, {@link #HELD}, {@link
 * #PASSED}) and the authentication pool's unused size now, in bits. Payload: outcome u8, pool_bits
 * u64.
 */
public record ReplenishResponse(int outcome, long poolBits) implements Message {

    /** The slice was stored at its place by this request. */
    public static final int PLACED = 0;

    /** The slice was already stored there (a retried REPLENISH): nothing changed. */
    public static final int HELD = 1;

    /**
     * The pool has already moved past the slice's place (both modems skip it): nothing stored,
     * nothing changed. Harmless; it happens when the slice arrives after later ones were used.
     */
    public static final int PASSED = 2;

    public ReplenishResponse {
        if (outcome < PLACED || outcome > PASSED) {
            throw new IllegalArgumentException("unknown REPLENISH outcome " + outcome);
        }
    }

    @Override
    public MessageType type() {
        return MessageType.REPLENISH;
    }

    @Override
    public boolean isResponse() {
        return true;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u8(outcome).u64(poolBits);
    }
}
