package io.qkdmodem.firmware.link;

import io.qkdmodem.protocol.wire.ByteReader;
import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Arrays;

/**
 * Alice's answer to {@link Clicks}: for each click whether the bases matched and the intensity
 * class of its slot; the link monitor's sample (positions among the matched signal clicks of this
 * frame, with Alice's bits there); Alice's bits of the matched decoy and vacuum clicks (never key,
 * used to measure their error rates). If {@link #closesBlock()}, it also carries the block's
 * acquisition time, Alice's pulse counts per intensity class and basis, and her Wegman-Carter tag
 * over the block's transcript (this message included, tag field excluded), as its last 8 bytes.
 */
public record Sift(
        long frameId,
        long blockId,
        int clicks,
        byte[] matches,
        byte[] classes,
        int[] sample,
        byte[] sampleBits,
        int nonKeyCount,
        byte[] nonKeyBits,
        Closing closing)
        implements LinkMessage {
    public static final int TYPE = 5;

    /** Pulse counts cells: class-major, then basis (SIGNAL.Z, SIGNAL.X, DECOY.Z, ...). */
    public static final int CELLS = 6;

    /**
     * The block-closing part.
     *
     * @param acquiredAtEpochMillis when the block's acquisition ended (Alice's clock)
     * @param pulses pulses sent per cell over all frames of the block
     * @param tag Alice's tag
     */
    public record Closing(long acquiredAtEpochMillis, long[] pulses, long tag) {
        public Closing {
            if (pulses.length != CELLS) {
                throw new IllegalArgumentException("pulses must have " + CELLS + " cells");
            }
            pulses = pulses.clone();
        }

        public Closing withTag(long t) {
            return new Closing(acquiredAtEpochMillis, pulses, t);
        }
    }

    public Sift {
        if (matches.length != Wire.packedLength(clicks)
                || classes.length != Wire.packedLength(2 * clicks)
                || sampleBits.length != Wire.packedLength(sample.length)
                || nonKeyBits.length != Wire.packedLength(nonKeyCount)) {
            throw new IllegalArgumentException("packed field lengths do not match the counts");
        }
    }

    public boolean closesBlock() {
        return closing != null;
    }

    public boolean matched(int i) {
        return Wire.bit(matches, i) == 1;
    }

    public int classCode(int i) {
        return Wire.bit(classes, 2 * i) << 1 | Wire.bit(classes, 2 * i + 1);
    }

    public int sampleBit(int j) {
        return Wire.bit(sampleBits, j);
    }

    public int nonKeyBit(int j) {
        return Wire.bit(nonKeyBits, j);
    }

    /** A copy with the closing tag replaced (tests that tamper, and the sender). */
    public Sift withTag(long tag) {
        return new Sift(
                frameId,
                blockId,
                clicks,
                matches,
                classes,
                sample,
                sampleBits,
                nonKeyCount,
                nonKeyBits,
                closing.withTag(tag));
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encodeBody(ByteWriter w) {
        w.u64(frameId).u64(blockId).u32(clicks).bytes(matches).bytes(classes);
        Wire.increasing(w, sample);
        w.bytes(sampleBits);
        w.u32(nonKeyCount).bytes(nonKeyBits);
        if (closing == null) {
            w.u8(0);
        } else {
            w.u8(1).u64(closing.acquiredAtEpochMillis());
            for (long p : closing.pulses()) {
                w.u64(p);
            }
            w.u64(closing.tag());
        }
    }

    static Sift decode(ByteReader r) throws LinkProtocolException {
        long frame = r.u64();
        long block = r.u64();
        int n = Wire.count(r, Clicks.MAX_CLICKS, "click");
        byte[] matches = r.bytes(Wire.packedLength(n));
        byte[] classes = r.bytes(Wire.packedLength(2 * n));
        int[] sample = Wire.increasing(r, n, Math.max(n, 1), "sample");
        byte[] sampleBits = r.bytes(Wire.packedLength(sample.length));
        int nonKey = Wire.count(r, n, "non-key bit");
        byte[] nonKeyBits = r.bytes(Wire.packedLength(nonKey));
        int flag = r.u8();
        Closing closing = null;
        if (flag == 1) {
            long at = r.u64();
            long[] pulses = new long[CELLS];
            for (int i = 0; i < CELLS; i++) {
                pulses[i] = r.u64();
                if (pulses[i] < 0) {
                    throw new LinkProtocolException("negative pulse count");
                }
            }
            closing = new Closing(at, pulses, r.u64());
        } else if (flag != 0) {
            throw new LinkProtocolException("bad closing flag " + flag);
        }
        return new Sift(
                frame, block, n, matches, classes, sample, sampleBits, nonKey, nonKeyBits, closing);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sift s
                && s.frameId == frameId
                && s.blockId == blockId
                && s.clicks == clicks
                && Arrays.equals(s.matches, matches)
                && Arrays.equals(s.classes, classes)
                && Arrays.equals(s.sample, sample)
                && Arrays.equals(s.sampleBits, sampleBits)
                && s.nonKeyCount == nonKeyCount
                && Arrays.equals(s.nonKeyBits, nonKeyBits)
                && (closing == null
                        ? s.closing == null
                        : s.closing != null
                                && s.closing.tag() == closing.tag()
                                && s.closing.acquiredAtEpochMillis()
                                        == closing.acquiredAtEpochMillis()
                                && Arrays.equals(s.closing.pulses(), closing.pulses()));
    }

    @Override
    public int hashCode() {
        return Long.hashCode(frameId) * 31 + Long.hashCode(blockId) * 7 + clicks;
    }

    /** Counts only: the disclosed bits are not key, but they stay out of logs all the same. */
    @Override
    public String toString() {
        return "Sift[frame="
                + frameId
                + ", block="
                + blockId
                + ", clicks="
                + clicks
                + ", sample="
                + sample.length
                + (closing != null ? ", closes block" : "")
                + "]";
    }
}
