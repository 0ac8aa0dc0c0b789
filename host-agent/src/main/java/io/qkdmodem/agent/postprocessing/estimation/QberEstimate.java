package io.qkdmodem.agent.postprocessing.estimation;

/**
 * The outcome of the random-subset disclosure: {@code errors} among {@code sampleSize} disclosed
 * bits, for a remaining key of {@code keyBits} bits, and the finite-size upper bound on the phase
 * error of the remaining bits.
 *
 * <p>The bound is Tomamichel, Lim, Gisin, Renner, Nat. Commun. 3:634 (2012), Eq. (2)-(3): with
 * probability at least {@code 1 - eps}, the phase error rate of the {@code n} key bits is below
 * {@code Q + mu}, {@code mu = sqrt((n + k) / (n k) * (k + 1) / k * ln(2 / eps))}, where {@code Q}
 * is the error rate observed on {@code k} sample bits (a Serfling-type sampling bound without
 * replacement). The estimate therefore never uses the raw sample mean as the phase error.
 */
public record QberEstimate(int keyBits, int sampleSize, int errors, double phaseErrorUpper) {

    /** Observed error rate of the sample. */
    public double observed() {
        return sampleSize == 0 ? 0.0 : (double) errors / sampleSize;
    }

    /** Computes the estimate and its upper bound with failure probability {@code eps}. */
    public static QberEstimate of(int keyBits, int sampleSize, int errors, double eps) {
        if (sampleSize <= 0 || keyBits <= 0) {
            throw new IllegalArgumentException("need a sample and key bits");
        }
        if (errors < 0 || errors > sampleSize) {
            throw new IllegalArgumentException("errors must be in [0, sampleSize]");
        }
        double q = (double) errors / sampleSize;
        return new QberEstimate(
                keyBits,
                sampleSize,
                errors,
                Math.min(0.5, q + tomamichelMu(keyBits, sampleSize, eps)));
    }

    /** The statistical deviation {@code mu} of Tomamichel et al. 2012. */
    public static double tomamichelMu(long n, long k, double eps) {
        double nk = (double) n * k;
        return Math.sqrt((n + (double) k) / nk * (k + 1.0) / k * Math.log(2.0 / eps));
    }
}
