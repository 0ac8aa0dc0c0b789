package io.qkdmodem.agent.postprocessing.message;

import io.qkdmodem.agent.postprocessing.bits.BitVector;

/** Alice's parities, one per requested node, in request order. Body: parities (u32 + bytes). */
public record ParityReply(BitVector parities) implements PostProcessingMessage {
    public static final int TYPE = 0x05;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public byte[] encode() {
        return new ByteWriter(8 + parities.length() / 8).u8(TYPE).bits(parities).toByteArray();
    }

    static ParityReply decodeBody(ByteReader r) throws MalformedMessageException {
        return new ParityReply(r.bits("parities", MAX_BITS));
    }

    @Override
    public String toString() {
        return "ParityReply[" + parities.length() + " parities]";
    }
}
