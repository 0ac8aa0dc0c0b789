package io.qkdmodem.agent.qtls.discussion;

/**
 * Settings both sides of a discussion must share.
 *
 * @param qberThreshold abort with eavesdropping_detected above this estimate (BB84: 0.11)
 * @param sampleFraction share of sifted bits disclosed for the estimate, (0, 0.5]
 * @param securityExponent the secrecy parameter epsSec is 2^-securityExponent (34: about 6e-11)
 */
public record DiscussionParameters(
        double qberThreshold, double sampleFraction, int securityExponent) {

    public static final DiscussionParameters DEFAULT = new DiscussionParameters(0.11, 0.1, 34);

    /**
     * Whether a client with these (its own) parameters accepts the server's {@code announced} ones:
     * a threshold no higher and a security exponent no lower than its own.
     */
    public boolean accepts(DiscussionParameters announced) {
        return announced.qberThreshold <= qberThreshold
                && announced.securityExponent >= securityExponent;
    }

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
