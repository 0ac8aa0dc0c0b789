package io.qkdmodem.firmware.link;

import io.qkdmodem.protocol.wire.ByteWriter;

/**
 * One message of the modem-to-modem classical link. Each kind is its own immutable record with a
 * type code, an {@code encode} and a static {@code decode} ({@link LinkCodec} dispatches).
 */
public sealed interface LinkMessage
        permits Hello, Resume, FrameStart, Clicks, Sift, Confirm, Commit, Reject {

    /** The type code on the wire. */
    int type();

    /** Writes the body (without the type code). */
    void encodeBody(ByteWriter w);
}
