package io.qkdmodem.firmware.link;

import io.qkdmodem.protocol.wire.ByteReader;
import io.qkdmodem.protocol.wire.ByteWriter;
import io.qkdmodem.protocol.wire.WireUnderflowException;

/**
 * Encodes link messages as {@code type (1 byte) || body} and decodes them back; the one place where
 * decoding errors become {@link LinkProtocolException}. Transports add their own framing (a length
 * prefix on TCP and serial lines).
 */
public final class LinkCodec {
    /** Largest encoded message accepted. */
    public static final int MAX_MESSAGE = 16 << 20;

    private LinkCodec() {}

    /**
     * The largest message a link with {@code slotsPerFrame} slots per frame can need: a Clicks or
     * Sift for a frame in which every slot clicked takes under 4 bytes per slot (varint gaps,
     * packed bases, matches, classes, sample positions and bits), plus a fixed allowance for
     * headers. Capped at {@link #MAX_MESSAGE}.
     */
    public static int maxMessageFor(int slotsPerFrame) {
        return (int) Math.min(MAX_MESSAGE, 4096L + 4L * Math.max(0, slotsPerFrame));
    }

    public static byte[] encode(LinkMessage m) {
        ByteWriter w = new ByteWriter(64);
        w.u8(m.type());
        m.encodeBody(w);
        return w.toByteArray();
    }

    public static LinkMessage decode(byte[] b) throws LinkProtocolException {
        if (b.length == 0 || b.length > MAX_MESSAGE) {
            throw new LinkProtocolException("bad message length " + b.length);
        }
        ByteReader r = new ByteReader(b);
        try {
            int type = r.u8();
            LinkMessage m =
                    switch (type) {
                        case Hello.TYPE -> Hello.decode(r);
                        case Resume.TYPE -> Resume.decode(r);
                        case FrameStart.TYPE -> FrameStart.decode(r);
                        case Clicks.TYPE -> Clicks.decode(r);
                        case Sift.TYPE -> Sift.decode(r);
                        case Confirm.TYPE -> Confirm.decode(r);
                        case Commit.TYPE -> Commit.decode(r);
                        case Reject.TYPE -> Reject.decode(r);
                        default -> throw new LinkProtocolException("unknown message type " + type);
                    };
            if (r.remaining() != 0) {
                throw new LinkProtocolException(
                        r.remaining() + " trailing bytes after message type " + type);
            }
            return m;
        } catch (WireUnderflowException | IllegalArgumentException e) {
            throw new LinkProtocolException("truncated or malformed message: " + e.getMessage(), e);
        }
    }
}
