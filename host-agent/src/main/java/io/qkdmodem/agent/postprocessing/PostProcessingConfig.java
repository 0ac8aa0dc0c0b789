package io.qkdmodem.agent.postprocessing;

import io.qkdmodem.agent.postprocessing.cascade.CascadeBob;
import io.qkdmodem.agent.postprocessing.cascade.CascadeSchedule;

/**
 * Settings of a post-processing session. Both parties must use the same values (the handshake
 * should carry or fix them). Build with {@link #builder()}; {@link Builder#build()} rejects values
 * outside their bounds with a message that states the rule.
 *
 * @param qberAbortThreshold abort when the sample's error rate exceeds this (default 0.11, in (0,
 *     0.5))
 * @param sampleFraction fraction of the sifted bits disclosed for the estimate (default 0.1, in (0,
 *     0.5])
 * @param minSampleBits smallest sample (default 256, at least 16)
 * @param epsSec secrecy parameter: the final key is {@code epsSec}-close to ideal in trace
 *     distance, estimation failure included (default 1e-10, in (0, 1e-3])
 * @param epsCor correctness parameter: probability that the keys differ without detection (default
 *     1e-15, in (0, 1e-3]); the verification hash is sized to stay below it
 * @param verificationBits the verification collision probability is at most 2^-this (default 64, in
 *     [32, 512])
 * @param cascadePasses Cascade passes (default 16, in [2, 64])
 * @param cascadeFrameBits Cascade reconciles a long key as independent frames of this many bits,
 *     all in the same messages (default 2^14; a power of two in [2^10, 2^26]); longer frames leak a
 *     little less and take more round trips
 * @param scheduling which Cascade searches share a round (default LOWEST_PASS_FIRST: fewest
 *     parities)
 * @param maxLeakFraction Alice stops answering once this fraction of the key is disclosed (default
 *     1.0, in (0, 1])
 * @param maxOutputBits cap on the final key length (default unlimited); a shorter key is cheaper to
 *     hash and loses no security
 */
public record PostProcessingConfig(
        double qberAbortThreshold,
        double sampleFraction,
        int minSampleBits,
        double epsSec,
        double epsCor,
        int verificationBits,
        int cascadePasses,
        int cascadeFrameBits,
        CascadeBob.Scheduling scheduling,
        double maxLeakFraction,
        int maxOutputBits) {

    public PostProcessingConfig {
        require(
                qberAbortThreshold > 0 && qberAbortThreshold < 0.5,
                "qberAbortThreshold must lie in (0, 0.5)");
        require(sampleFraction > 0 && sampleFraction <= 0.5, "sampleFraction must lie in (0, 0.5]");
        require(minSampleBits >= 16, "minSampleBits must be at least 16");
        require(epsSec > 0 && epsSec <= 1e-3, "epsSec must lie in (0, 1e-3]");
        require(epsCor > 0 && epsCor <= 1e-3, "epsCor must lie in (0, 1e-3]");
        require(
                verificationBits >= 32 && verificationBits <= 512,
                "verificationBits must lie in [32, 512]");
        require(cascadePasses >= 2 && cascadePasses <= 64, "cascadePasses must lie in [2, 64]");
        require(
                Integer.bitCount(cascadeFrameBits) == 1
                        && cascadeFrameBits >= 1 << 10
                        && cascadeFrameBits <= 1 << 26,
                "cascadeFrameBits must be a power of two in [2^10, 2^26]");
        require(scheduling != null, "scheduling is required");
        require(maxLeakFraction > 0 && maxLeakFraction <= 1, "maxLeakFraction must lie in (0, 1]");
        require(maxOutputBits > 0, "maxOutputBits must be positive");
    }

    private static void require(boolean ok, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(rule);
        }
    }

    /** The defaults. */
    public static PostProcessingConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Security bits the verification hash must reach: the larger of the setting and epsCor. */
    public int effectiveVerificationBits() {
        return Math.max(verificationBits, (int) Math.ceil(-Math.log(epsCor) / Math.log(2)));
    }

    /** Builder with the defaults filled in. */
    public static final class Builder {
        private double qberAbortThreshold = 0.11;
        private double sampleFraction = 0.1;
        private int minSampleBits = 256;
        private double epsSec = 1e-10;
        private double epsCor = 1e-15;
        private int verificationBits = 64;
        private int cascadePasses = CascadeSchedule.DEFAULT_PASSES;
        private int cascadeFrameBits = 1 << 14;
        private CascadeBob.Scheduling scheduling = CascadeBob.Scheduling.LOWEST_PASS_FIRST;
        private double maxLeakFraction = 1.0;
        private int maxOutputBits = Integer.MAX_VALUE;

        public Builder qberAbortThreshold(double v) {
            qberAbortThreshold = v;
            return this;
        }

        public Builder sampleFraction(double v) {
            sampleFraction = v;
            return this;
        }

        public Builder minSampleBits(int v) {
            minSampleBits = v;
            return this;
        }

        public Builder epsSec(double v) {
            epsSec = v;
            return this;
        }

        public Builder epsCor(double v) {
            epsCor = v;
            return this;
        }

        public Builder verificationBits(int v) {
            verificationBits = v;
            return this;
        }

        public Builder cascadePasses(int v) {
            cascadePasses = v;
            return this;
        }

        public Builder cascadeFrameBits(int v) {
            cascadeFrameBits = v;
            return this;
        }

        public Builder scheduling(CascadeBob.Scheduling v) {
            scheduling = v;
            return this;
        }

        public Builder maxLeakFraction(double v) {
            maxLeakFraction = v;
            return this;
        }

        public Builder maxOutputBits(int v) {
            maxOutputBits = v;
            return this;
        }

        public PostProcessingConfig build() {
            return new PostProcessingConfig(
                    qberAbortThreshold,
                    sampleFraction,
                    minSampleBits,
                    epsSec,
                    epsCor,
                    verificationBits,
                    cascadePasses,
                    cascadeFrameBits,
                    scheduling,
                    maxLeakFraction,
                    maxOutputBits);
        }
    }
}
