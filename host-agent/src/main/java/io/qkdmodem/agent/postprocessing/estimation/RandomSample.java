package io.qkdmodem.agent.postprocessing.estimation;

import io.qkdmodem.agent.postprocessing.bits.SplitMix64;
import java.util.Arrays;

/** The random subset of sifted positions disclosed for the QBER estimate. */
public final class RandomSample {
    private RandomSample() {}

    /**
     * {@code k} distinct positions in {@code [0, n)}, sorted, chosen uniformly by Floyd's algorithm
     * from {@code seed}; both parties compute the same set from the same seed.
     */
    public static int[] positions(long seed, int n, int k) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("sample size " + k + " not in [0, " + n + "]");
        }
        SplitMix64 rng = new SplitMix64(seed);
        // Floyd: for j = n-k .. n-1 pick t in [0, j]; insert t unless present, else insert j.
        java.util.BitSet chosen = new java.util.BitSet(n);
        for (int j = n - k; j < n; j++) {
            int t = rng.nextInt(j + 1);
            chosen.set(chosen.get(t) ? j : t);
        }
        int[] out = new int[k];
        int i = 0;
        for (int p = chosen.nextSetBit(0); p >= 0; p = chosen.nextSetBit(p + 1)) {
            out[i++] = p;
        }
        Arrays.sort(out);
        return out;
    }

    /** Sample size for a fraction of {@code n}, at least {@code min} (but never above n / 2). */
    public static int size(int n, double fraction, int min) {
        long k = Math.max((long) Math.ceil(n * fraction), min);
        return (int) Math.min(k, n / 2);
    }
}
