package io.qkdmodem.agent.postprocessing;

/**
 * Public figures of one session (no key material): what was disclosed and what was kept.
 *
 * @param siftedBits sifted bits the session started with
 * @param sampleBits bits disclosed for the QBER estimate
 * @param sampleErrors errors among them
 * @param phaseErrorUpper the finite-size upper bound on the phase error used for the key length
 * @param cascadeLeakBits parities Alice disclosed during Cascade (top-level and answers)
 * @param parityRequests Cascade round trips (parity request and reply pairs)
 * @param corrections bits Bob flipped (0 on Alice's side)
 * @param verificationTagBits bits of the verification tag
 * @param finalBits length of the secret key (0 without a key)
 */
public record PostProcessingReport(
        int siftedBits,
        int sampleBits,
        int sampleErrors,
        double phaseErrorUpper,
        long cascadeLeakBits,
        int parityRequests,
        int corrections,
        int verificationTagBits,
        int finalBits) {

    /** Error rate observed on the sample. */
    public double observedQber() {
        return sampleBits == 0 ? 0 : (double) sampleErrors / sampleBits;
    }

    /**
     * Reconciliation efficiency {@code f = leak / (n h(q))} of Cascade on the {@code siftedBits -
     * sampleBits} corrected bits, for error rate {@code qber}.
     */
    public double efficiency(double qber) {
        double h = -(qber * Math.log(qber) + (1 - qber) * Math.log(1 - qber)) / Math.log(2);
        return cascadeLeakBits / ((siftedBits - sampleBits) * h);
    }
}
