package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Arrays;

/**
 * COUNTS answer: where the reference's bits lie in their key block, and that block's acquisition
 * counts per intensity class and basis, identical on both modems of a link. Payload: block_id u64,
 * block_bits u32, bit_offset u32, bit_length u32, errors_recorded u8, then {@link #CELLS} u64 per
 * kind for the kinds pulses, detections, sifted, errors (cells SIGNAL.Z, SIGNAL.X, DECOY.Z,
 * DECOY.X, VACUUM.Z, VACUUM.X); errors are zero when not recorded.
 *
 * @param counts {@code 4 * CELLS} counts, kind-major (pulses, detections, sifted, errors)
 */
public record CountsResponse(
        long blockId,
        int blockBits,
        int bitOffset,
        int bitLength,
        boolean errorsRecorded,
        long[] counts)
        implements Message {

    /** Cells per kind: 3 intensity classes times 2 bases. */
    public static final int CELLS = 6;

    /** Kinds of counts, in payload order. */
    public static final int KINDS = 4;

    public CountsResponse {
        counts = counts.clone();
        if (counts.length != KINDS * CELLS) {
            throw new IllegalArgumentException("need " + KINDS * CELLS + " counts");
        }
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("counts are non-negative");
            }
        }
        if (blockBits < 0 || bitOffset < 0 || bitLength < 0) {
            throw new IllegalArgumentException("block bits, offset and length are non-negative");
        }
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    /** One count: kind 0 pulses, 1 detections, 2 sifted, 3 errors; cell class * 2 + basis. */
    public long count(int kind, int cell) {
        return counts[kind * CELLS + cell];
    }

    /** Whether the reference covers its whole block (the counts describe exactly its bits). */
    public boolean coversBlock() {
        return bitOffset == 0 && bitLength == blockBits;
    }

    @Override
    public MessageType type() {
        return MessageType.COUNTS;
    }

    @Override
    public boolean isResponse() {
        return true;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u64(blockId);
        w.u32(blockBits & 0xFFFF_FFFFL);
        w.u32(bitOffset & 0xFFFF_FFFFL);
        w.u32(bitLength & 0xFFFF_FFFFL);
        w.u8(errorsRecorded ? 1 : 0);
        for (long c : counts) {
            w.u64(c);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CountsResponse c
                && c.blockId == blockId
                && c.blockBits == blockBits
                && c.bitOffset == bitOffset
                && c.bitLength == bitLength
                && c.errorsRecorded == errorsRecorded
                && Arrays.equals(c.counts, counts);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(blockId) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "CountsResponse[block="
                + blockId
                + ", bits="
                + bitOffset
                + "+"
                + bitLength
                + "/"
                + blockBits
                + ", errorsRecorded="
                + errorsRecorded
                + "]";
    }
}
