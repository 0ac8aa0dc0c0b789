package io.qkdmodem.agent.postprocessing.keyrate;

/** The binary entropy {@code h(x) = -x log2 x - (1 - x) log2 (1 - x)}. */
public final class Entropy {
    private Entropy() {}

    public static double h(double x) {
        if (x <= 0 || x >= 1) {
            return 0;
        }
        return -(x * log2(x) + (1 - x) * log2(1 - x));
    }

    public static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
