package io.qkdmodem.agent.postprocessing.message;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import java.util.Optional;

/**
 * Alice's verdict. If the tags matched: the final key length she computed and the Toeplitz seed
 * ({@code n + m - 1} bits) for privacy amplification. Body: ok u8; if ok = 1: finalLength u32, seed
 * (u32 + bytes).
 */
public record VerifyResult(boolean ok, int finalLength, Optional<BitVector> toeplitzSeed)
        implements PostProcessingMessage {
    public static final int TYPE = 0x07;

    public VerifyResult {
        if (ok != toeplitzSeed.isPresent()) {
            throw new IllegalArgumentException("a seed travels exactly when ok");
        }
        if (!ok && finalLength != 0) {
            throw new IllegalArgumentException("a failed verification carries no length");
        }
    }

    /** The verdict for tags that differ. */
    public static VerifyResult mismatch() {
        return new VerifyResult(false, 0, Optional.empty());
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public byte[] encode() {
        ByteWriter w = new ByteWriter(16 + toeplitzSeed.map(s -> s.length() / 8).orElse(0));
        w.u8(TYPE).u8(ok ? 1 : 0);
        if (ok) {
            w.u32(finalLength).bits(toeplitzSeed.get());
        }
        return w.toByteArray();
    }

    static VerifyResult decodeBody(ByteReader r) throws MalformedMessageException {
        int ok = r.u8("ok");
        if (ok == 0) {
            return mismatch();
        }
        if (ok != 1) {
            throw new MalformedMessageException("ok must be 0 or 1, was " + ok);
        }
        int len = r.u32Max("finalLength", MAX_BITS);
        BitVector seed = r.bits("toeplitzSeed", 2 * MAX_BITS);
        return new VerifyResult(true, len, Optional.of(seed));
    }

    @Override
    public String toString() {
        return "VerifyResult[ok=" + ok + ", finalLength=" + finalLength + "]";
    }
}
