package io.qkdmodem.firmware.link;

import io.qkdmodem.protocol.wire.ByteReader;
import io.qkdmodem.protocol.wire.ByteWriter;

/** Alice has verified Bob's tag and appended the block durably: both sides hold it now. */
public record Commit(long blockId) implements LinkMessage {
    public static final int TYPE = 7;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encodeBody(ByteWriter w) {
        w.u64(blockId);
    }

    static Commit decode(ByteReader r) {
        return new Commit(r.u64());
    }
}
