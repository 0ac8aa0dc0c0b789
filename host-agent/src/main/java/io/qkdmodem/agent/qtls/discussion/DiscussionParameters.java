package io.qkdmodem.agent.qtls.discussion;

/**
 * Settings both sides of a discussion must share.
 *
 * @param qberThreshold abort with eavesdropping_detected above this estimate (BB84: 0.11)
 * @param sampleFraction share of sifted bits disclosed for the estimate, (0, 0.5]
 * @param securityExponent the finite-key failure probability is 2^-securityExponent
 */
public record DiscussionParameters(
        double qberThreshold, double sampleFraction, int securityExponent) {

    public static final DiscussionParameters DEFAULT = new DiscussionParameters(0.11, 0.1, 40);

    public DiscussionParameters {
        if (!(qberThreshold > 0 && qberThreshold < 0.5)) {
            throw new IllegalArgumentException("qberThreshold must be in (0, 0.5)");
        }
        if (!(sampleFraction > 0 && sampleFraction <= 0.5)) {
            throw new IllegalArgumentException("sampleFraction must be in (0, 0.5]");
        }
        if (securityExponent < 10 || securityExponent > 128) {
            throw new IllegalArgumentException("securityExponent must be in [10, 128]");
        }
    }
}
