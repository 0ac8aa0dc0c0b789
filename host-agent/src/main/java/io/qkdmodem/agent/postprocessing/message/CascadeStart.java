package io.qkdmodem.agent.postprocessing.message;

import io.qkdmodem.agent.postprocessing.bits.BitVector;

/**
 * Alice starts Cascade: the seed of the per-pass permutations and her parities of every top-level
 * block of every pass (pass 0 first, block order), except the last block of each pass after the
 * first, which both sides deduce from the total parity. Body: permutationSeed i64, parities (u32
 * count + bytes).
 */
public record CascadeStart(long permutationSeed, BitVector topParities)
        implements PostProcessingMessage {
    public static final int TYPE = 0x03;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public byte[] encode() {
        return new ByteWriter(16 + topParities.length() / 8)
                .u8(TYPE)
                .i64(permutationSeed)
                .bits(topParities)
                .toByteArray();
    }

    static CascadeStart decodeBody(ByteReader r) throws MalformedMessageException {
        long seed = r.i64("permutationSeed");
        return new CascadeStart(seed, r.bits("topParities", MAX_BITS));
    }

    @Override
    public String toString() {
        return "CascadeStart[parities=" + topParities.length() + "]";
    }
}
