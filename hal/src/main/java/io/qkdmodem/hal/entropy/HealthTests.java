package io.qkdmodem.hal.entropy;

/**
 * The two continuous health tests of NIST SP 800-90B section 4.4 on 8-bit samples, with cutoffs
 * computed from the claimed min-entropy H per sample and the false-alarm probability alpha = 2^-20:
 *
 * <ul>
 *   <li>Repetition count (4.4.1): {@code C = 1 + ceil(-log2(alpha) / H)}; fails when one value
 *       repeats C times in a row.
 *   <li>Adaptive proportion (4.4.2), window W = 512 (non-binary samples): {@code C = 1 +
 *       CRITBINOM(W, 2^-H, 1 - alpha)}, the smallest count whose binomial CDF reaches 1 - alpha;
 *       fails when the first sample of a window occurs C times in it.
 * </ul>
 *
 * Not thread-safe; {@link #feed(int)} returns the failed test or null.
 */
public final class HealthTests {
    /** -log2(alpha) for alpha = 2^-20, as SP 800-90B recommends. */
    public static final int ALPHA_EXPONENT = 20;

    /** APT window for non-binary samples. */
    public static final int APT_WINDOW = 512;

    private final int rctCutoff;
    private final int aptCutoff;
    private int last = -1;
    private int run;
    private int aptValue;
    private int aptCount;
    private int aptSeen = APT_WINDOW;
    private String lastDetail = "";

    public HealthTests(double minEntropyPerSample) {
        if (!(minEntropyPerSample > 0 && minEntropyPerSample <= 8)) {
            throw new IllegalArgumentException(
                    "claimed min-entropy must be in (0, 8] bits per byte, was "
                            + minEntropyPerSample);
        }
        rctCutoff = repetitionCountCutoff(minEntropyPerSample);
        aptCutoff = adaptiveProportionCutoff(minEntropyPerSample, APT_WINDOW);
    }

    public static int repetitionCountCutoff(double h) {
        return 1 + (int) Math.ceil(ALPHA_EXPONENT / h);
    }

    /** {@code 1 + CRITBINOM(window, 2^-h, 1 - 2^-20)}, computed exactly in log space. */
    public static int adaptiveProportionCutoff(double h, int window) {
        double p = Math.pow(2, -h);
        double target = 1 - Math.pow(2, -ALPHA_EXPONENT);
        double cdf = 0;
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        double logC = 0;
        for (int k = 0; k <= window; k++) {
            if (k > 0) {
                logC += Math.log((double) (window - k + 1) / k);
            }
            cdf += Math.exp(logC + k * logP + (window - k) * logQ);
            if (cdf >= target) {
                return 1 + k;
            }
        }
        return window + 1;
    }

    public int rctCutoff() {
        return rctCutoff;
    }

    public int aptCutoff() {
        return aptCutoff;
    }

    /** Detail of the last failure (counts and cutoff, never the sample values). */
    public String lastDetail() {
        return lastDetail;
    }

    /** Feeds one 8-bit sample; returns the test that failed on it, or null. */
    public EntropyHealthException.Test feed(int sample) {
        if (sample == last) {
            if (++run >= rctCutoff) {
                lastDetail = run + " identical samples in a row, cutoff " + rctCutoff;
                return EntropyHealthException.Test.REPETITION_COUNT;
            }
        } else {
            last = sample;
            run = 1;
        }
        if (aptSeen == APT_WINDOW) {
            aptValue = sample;
            aptCount = 1;
            aptSeen = 1;
        } else {
            aptSeen++;
            if (sample == aptValue && ++aptCount >= aptCutoff) {
                lastDetail =
                        "a value occurred "
                                + aptCount
                                + " times in a window of "
                                + APT_WINDOW
                                + ", cutoff "
                                + aptCutoff;
                return EntropyHealthException.Test.ADAPTIVE_PROPORTION;
            }
        }
        return null;
    }
}
