package io.qkdmodem.firmware.link;

import io.qkdmodem.protocol.wire.ByteReader;
import io.qkdmodem.protocol.wire.ByteWriter;

/**
 * Alice announces the frame she is about to fire, the block it belongs to and the auth pool offset
 * of that block's two tag keys. Part of the block's authenticated transcript.
 */
public record FrameStart(long frameId, int slotCount, long blockId, long authOffset)
        implements LinkMessage {
    public static final int TYPE = 3;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encodeBody(ByteWriter w) {
        w.u64(frameId).u32(slotCount).u64(blockId).u64(authOffset);
    }

    static FrameStart decode(ByteReader r) throws LinkProtocolException {
        long frame = r.u64();
        long slots = r.u32();
        if (slots == 0 || slots > Integer.MAX_VALUE) {
            throw new LinkProtocolException("bad slot count " + slots);
        }
        return new FrameStart(frame, (int) slots, r.u64(), r.u64());
    }
}
