package io.qkdmodem.firmware.link;

import io.qkdmodem.protocol.wire.ByteReader;
import io.qkdmodem.protocol.wire.ByteWriter;

/**
 * Alice's answer to Bob's {@link Hello}: where both continue. Bob drops {@code dropBlockId} (a
 * block he appended whose confirmation Alice never committed), if it is not -1.
 *
 * @param nextFrameId the next frame Alice fires
 * @param nextBlockId the id of the next block
 * @param dropBlockId a block Bob holds and Alice does not, or -1
 */
public record Resume(long nextFrameId, long nextBlockId, long dropBlockId) implements LinkMessage {
    public static final int TYPE = 2;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encodeBody(ByteWriter w) {
        w.u64(nextFrameId).u64(nextBlockId).u64(dropBlockId);
    }

    static Resume decode(ByteReader r) {
        return new Resume(r.u64(), r.u64(), r.u64());
    }
}
