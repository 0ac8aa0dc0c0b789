package io.qkdmodem.firmware.sifting;

import io.qkdmodem.firmware.link.Clicks;
import io.qkdmodem.firmware.link.Sift;
import io.qkdmodem.keystore.AcquisitionCounts;
import io.qkdmodem.keystore.Basis;
import io.qkdmodem.keystore.IntensityClass;
import io.qkdmodem.keystore.KeyBlock;
import io.qkdmodem.keystore.KeyMaterial;
import java.util.function.IntUnaryOperator;

/**
 * What one block collects, frame after frame, identically on both sides: from each frame's {@link
 * Clicks} and {@link Sift}, the detections and sifted counts per intensity class and basis (Alice's
 * basis), the key bits (matched signal clicks outside the monitor sample, in click order), and the
 * monitor's tallies. Disclosed bits never enter the key. Not thread-safe.
 */
final class BlockAccumulator {
    private final long blockId;
    private final int maxBits;
    private final long[] detections = new long[6];
    private final long[] sifted = new long[6];
    private final BitBuffer key = new BitBuffer();
    private int frames;
    private long sampleBits;
    private long sampleErrors;
    private final long[] classBits = new long[3];
    private final long[] classErrors = new long[3];

    BlockAccumulator(long blockId, int maxBits) {
        this.blockId = blockId;
        this.maxBits = maxBits;
    }

    long blockId() {
        return blockId;
    }

    int frames() {
        return frames;
    }

    int keyBits() {
        return Math.min(key.length(), maxBits);
    }

    /**
     * Absorbs one frame.
     *
     * @param ownBit this side's bit of click i (Alice: her state's bit; Bob: his measured bit)
     * @param compare whether to count errors of disclosed bits (Bob does, Alice learns them)
     * @return [signal sample bits, signal errors] of this frame (errors 0 when not comparing)
     */
    long[] absorb(Clicks c, Sift s, IntUnaryOperator ownBit, boolean compare) {
        frames++;
        int candidate = 0;
        int sampleIdx = 0;
        int nonKey = 0;
        int[] sample = s.sample();
        long frameSamples = 0;
        long frameErrors = 0;
        for (int i = 0; i < c.size(); i++) {
            int cls = s.classCode(i);
            int bobBasis = c.basisCode(i);
            boolean match = s.matched(i);
            int aliceBasis = match ? bobBasis : 1 - bobBasis;
            int cell = cls * 2 + aliceBasis;
            detections[cell]++;
            if (!match) {
                continue;
            }
            sifted[cell]++;
            if (cls == 0) {
                if (sampleIdx < sample.length && sample[sampleIdx] == candidate) {
                    frameSamples++;
                    if (compare && ownBit.applyAsInt(i) != s.sampleBit(sampleIdx)) {
                        frameErrors++;
                    }
                    sampleIdx++;
                } else {
                    key.append(ownBit.applyAsInt(i));
                }
                candidate++;
            } else {
                classBits[cls]++;
                if (compare && ownBit.applyAsInt(i) != s.nonKeyBit(nonKey)) {
                    classErrors[cls]++;
                }
                nonKey++;
            }
        }
        sampleBits += frameSamples;
        sampleErrors += frameErrors;
        return new long[] {frameSamples, frameErrors};
    }

    long sampleBits() {
        return sampleBits;
    }

    long sampleErrors() {
        return sampleErrors;
    }

    long classBits(int cls) {
        return classBits[cls];
    }

    long classErrors(int cls) {
        return classErrors[cls];
    }

    /** The block to append: the caller owns (and destroys) its key material. */
    KeyBlock toKeyBlock(long acquiredAt, long[] pulses) {
        AcquisitionCounts.Builder b = AcquisitionCounts.builder();
        for (int cell = 0; cell < 6; cell++) {
            b.set(
                    IntensityClass.values()[cell / 2],
                    Basis.values()[cell % 2],
                    Math.max(pulses[cell], detections[cell]),
                    detections[cell],
                    sifted[cell]);
        }
        int n = keyBits();
        return new KeyBlock(blockId, acquiredAt, b.build(), KeyMaterial.wrap(key.copyOf(n), n));
    }

    void wipe() {
        key.wipe();
    }
}
