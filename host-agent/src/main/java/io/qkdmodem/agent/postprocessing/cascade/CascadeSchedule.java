package io.qkdmodem.agent.postprocessing.cascade;

import java.util.Arrays;

/**
 * Top-level block sizes of every Cascade pass (at least 2 bits each).
 *
 * <p>The default follows the optimized schedule of Martinez-Mateo, Pacher, Peev, Ciurana, Martin,
 * "Demystifying the information reconciliation protocol Cascade", QIC 15 (2015): {@code k1 =
 * 2^alpha} with {@code alpha = ceil(log2(1/p) - 1/2)}, {@code k2 = 2^ceil((alpha + log2(n) - 2) /
 * 2)} (their {@code (alpha + 12) / 2} for {@code n = 2^14}) and {@code k_i = n / 2} afterwards,
 * with 16 passes; larger later blocks cost one or two parities per pass but catch the rare residual
 * error patterns, which keeps the frame error rate low.
 */
public record CascadeSchedule(int[] blockSizes) {

    /** Default number of passes. */
    public static final int DEFAULT_PASSES = 16;

    public CascadeSchedule {
        if (blockSizes.length == 0 || blockSizes.length > 64) {
            throw new IllegalArgumentException("need 1..64 passes");
        }
        blockSizes = blockSizes.clone();
        for (int k : blockSizes) {
            if (k < 2) {
                throw new IllegalArgumentException("block sizes must be >= 2: " + k);
            }
        }
    }

    @Override
    public int[] blockSizes() {
        return blockSizes.clone();
    }

    public int passes() {
        return blockSizes.length;
    }

    public int blockSize(int pass) {
        return blockSizes[pass];
    }

    /** The default schedule for key length {@code n} and estimated QBER {@code qber}. */
    public static CascadeSchedule forQber(int n, double qber, int passes) {
        if (n < 4) {
            throw new IllegalArgumentException("key too short for Cascade: " + n);
        }
        double p = Math.max(qber, 1e-4);
        int maxK = Integer.highestOneBit(n); // largest power of two <= n
        int logN = 31 - Integer.numberOfLeadingZeros(n);
        int alpha = (int) Math.ceil(log2(1 / p) - 0.5);
        alpha = Math.max(1, alpha);
        int[] k = new int[passes];
        k[0] = clamp(1 << Math.min(alpha, 30), maxK);
        if (passes > 1) {
            int a2 = (int) Math.ceil((alpha + logN - 2) / 2.0);
            k[1] = clamp(1 << Math.min(a2, 30), maxK);
        }
        for (int i = 2; i < passes; i++) {
            k[i] = clamp(maxK / 2, maxK);
        }
        return new CascadeSchedule(k);
    }

    private static int clamp(int k, int maxK) {
        return Math.max(2, Math.min(k, Math.max(2, maxK / 2)));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CascadeSchedule s && Arrays.equals(blockSizes, s.blockSizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blockSizes);
    }

    @Override
    public String toString() {
        return "CascadeSchedule" + Arrays.toString(blockSizes);
    }
}
