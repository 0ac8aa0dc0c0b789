package io.qkdmodem.hal.sim;

/** Eve's attack on the simulated fiber, if any. */
public sealed interface Eavesdropper {

    /** No eavesdropper. */
    record None() implements Eavesdropper {}

    /**
     * Intercept-resend on a fraction of the pulses: Eve measures in a random basis and resends what
     * she measured, keeping the gain unchanged. On the sifted bits it touches it causes 25 %
     * errors, so the QBER grows by about {@code fraction / 4}.
     */
    record InterceptResend(double fraction) implements Eavesdropper {
        public InterceptResend {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("fraction must be in [0, 1], was " + fraction);
            }
        }
    }

    /**
     * Photon-number splitting: Eve keeps one photon of every multi-photon pulse and forwards the
     * rest over a lossless line; she blocks single-photon pulses as needed so that the signal gain
     * stays what Bob expects. The decoy gain then deviates, which is what decoy states detect. She
     * causes no errors.
     */
    record PhotonNumberSplitting() implements Eavesdropper {}

    static Eavesdropper none() {
        return new None();
    }
}
