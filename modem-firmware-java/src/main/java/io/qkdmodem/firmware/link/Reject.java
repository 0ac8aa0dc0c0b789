package io.qkdmodem.firmware.link;

import io.qkdmodem.protocol.wire.ByteReader;
import io.qkdmodem.protocol.wire.ByteWriter;

/**
 * The sender discards block {@code blockId} (or, with -1, stops acquisition) for {@code reason};
 * the receiver discards it too.
 */
public record Reject(long blockId, Reason reason) implements LinkMessage {
    public static final int TYPE = 8;

    /** Why a block is discarded. */
    public enum Reason {
        TAG_FAILED,
        AUTH_POOL_EMPTY,
        AUTH_KEY_REUSE,
        PROTOCOL_ERROR,
        STORE_FAILED,
        SETTINGS_MISMATCH,
        SHUTDOWN,
        /**
         * The block's tag keys fall in a gap of this side's auth pool (a replenished slice it never
         * received): the block is refused, the sender has already burned those keys, and the next
         * block names keys after the gap.
         */
        AUTH_KEY_MISSING;

        static Reason ofCode(int c) throws LinkProtocolException {
            if (c < 0 || c >= values().length) {
                throw new LinkProtocolException("unknown reject reason " + c);
            }
            return values()[c];
        }
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encodeBody(ByteWriter w) {
        w.u64(blockId).u8(reason.ordinal());
    }

    static Reject decode(ByteReader r) throws LinkProtocolException {
        return new Reject(r.u64(), Reason.ofCode(r.u8()));
    }
}
