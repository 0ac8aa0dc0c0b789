package io.qkdmodem.agent.postprocessing.message;

import io.qkdmodem.agent.postprocessing.bits.BitVector;

/** Bob's bits at the sampled positions. Body: sample bits (u32 count + bytes). */
public record SampleReply(BitVector bobSample) implements PostProcessingMessage {
    public static final int TYPE = 0x02;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public byte[] encode() {
        return new ByteWriter(8 + bobSample.length() / 8).u8(TYPE).bits(bobSample).toByteArray();
    }

    static SampleReply decodeBody(ByteReader r) throws MalformedMessageException {
        return new SampleReply(r.bits("bobSample", MAX_BITS));
    }

    @Override
    public String toString() {
        return "SampleReply[sample=" + bobSample.length() + "]";
    }
}
