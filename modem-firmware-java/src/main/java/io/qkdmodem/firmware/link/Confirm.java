package io.qkdmodem.firmware.link;

import io.qkdmodem.protocol.wire.ByteReader;
import io.qkdmodem.protocol.wire.ByteWriter;

/**
 * Bob's answer to a block-closing {@link Sift} whose tag verified: he has appended the block
 * durably. Carries the errors he counted on the block's disclosed bits (monitor sample of signal
 * bits, all decoy and vacuum bits) and his tag over the block's transcript followed by this message
 * (tag field excluded), as the last 8 bytes.
 */
public record Confirm(long blockId, int signalErrors, int decoyErrors, int vacuumErrors, long tag)
        implements LinkMessage {
    public static final int TYPE = 6;

    @Override
    public int type() {
        return TYPE;
    }

    public Confirm withTag(long t) {
        return new Confirm(blockId, signalErrors, decoyErrors, vacuumErrors, t);
    }

    @Override
    public void encodeBody(ByteWriter w) {
        w.u64(blockId).u32(signalErrors).u32(decoyErrors).u32(vacuumErrors).u64(tag);
    }

    static Confirm decode(ByteReader r) throws LinkProtocolException {
        long block = r.u64();
        long s = r.u32();
        long d = r.u32();
        long v = r.u32();
        if ((s | d | v) > Integer.MAX_VALUE) {
            throw new LinkProtocolException("error count out of range");
        }
        return new Confirm(block, (int) s, (int) d, (int) v, r.u64());
    }
}
