package io.qkdmodem.firmware.sifting;

import io.qkdmodem.firmware.link.Clicks;
import io.qkdmodem.firmware.link.Sift;
import io.qkdmodem.keystore.AcquisitionCounts;
import io.qkdmodem.keystore.KeyBlock;
import io.qkdmodem.keystore.KeyMaterial;
import java.util.function.IntUnaryOperator;

/**
 * What one block collects, frame after frame, identically on both sides: from each frame's {@link
 * Clicks} and {@link Sift}, the detections and sifted counts per intensity class and basis (Alice's
 * basis), the key bits, and the monitor's tallies. Disclosed bits never enter the key. Not
 * thread-safe.
 *
 * <p>Two layouts (docs/firmware.md, "Key bits and the decoy-state bound"): without decoy states
 * (signal only) the key is the matched signal clicks of both bases outside the monitor sample; with
 * decoy states the key is every matched click in the Z basis, whatever its intensity class, and
 * every matched X click of every class is disclosed (its errors counted per class: the test-basis
 * errors of Lim et al. 2014; the signal ones also feed the monitor).
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

    private final boolean decoyLayout;

    BlockAccumulator(long blockId, int maxBits, boolean decoyLayout) {
        this.blockId = blockId;
        this.maxBits = maxBits;
        this.decoyLayout = decoyLayout;
    }

    /** Whether a matched click of this class and Alice's basis code is a key bit in a layout. */
    static boolean isKey(boolean decoyLayout, int cls, int basisCode) {
        return decoyLayout ? basisCode == 0 : cls == 0;
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
            if (decoyLayout) {
                if (aliceBasis == 0) {
                    key.append(ownBit.applyAsInt(i));
                    continue;
                }
                boolean error = compare && ownBit.applyAsInt(i) != s.nonKeyBit(nonKey);
                nonKey++;
                classBits[cls]++;
                if (error) {
                    classErrors[cls]++;
                }
                if (cls == 0) {
                    frameSamples++;
                    if (error) {
                        frameErrors++;
                    }
                }
                continue;
            }
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

    /** Whether this block uses the decoy-state layout. */
    boolean decoyLayout() {
        return decoyLayout;
    }

    /**
     * Whether Bob's error counts per class (signal, decoy, vacuum) fit this block's disclosed bits.
     */
    boolean errorsFit(long signalErrors, long decoyErrors, long vacuumErrors) {
        return signalErrors >= 0
                && decoyErrors >= 0
                && vacuumErrors >= 0
                && signalErrors <= sampleBits
                && decoyErrors <= classBits[1]
                && vacuumErrors <= classBits[2];
    }

    /**
     * The block to append: the caller owns (and destroys) its key material.
     *
     * @param classErrors errors per class as Bob counted them and his Confirm carries them (signal,
     *     decoy, vacuum); in the decoy layout they are stored in the X cells (every X bit was
     *     disclosed), without decoy states the store gets no error counts (the monitor sample mixes
     *     both bases, so no per-basis count exists)
     */
    KeyBlock toKeyBlock(long acquiredAt, long[] pulses, long[] classErrors) {
        long[] p = new long[6];
        for (int cell = 0; cell < 6; cell++) {
            p[cell] = Math.max(pulses[cell], detections[cell]);
        }
        AcquisitionCounts counts;
        if (decoyLayout) {
            long[] errors = new long[6];
            for (int cls = 0; cls < 3; cls++) {
                errors[cls * 2 + 1] = classErrors[cls];
            }
            counts = AcquisitionCounts.ofCells(p, detections, sifted, errors);
        } else {
            counts = AcquisitionCounts.ofCells(p, detections, sifted);
        }
        int n = keyBits();
        return new KeyBlock(blockId, acquiredAt, counts, KeyMaterial.wrap(key.copyOf(n), n));
    }

    /** Bob's own counts in the order {@link #toKeyBlock} takes them. */
    long[] ownClassErrors() {
        return new long[] {sampleErrors, classErrors[1], classErrors[2]};
    }

    void wipe() {
        key.wipe();
    }
}
