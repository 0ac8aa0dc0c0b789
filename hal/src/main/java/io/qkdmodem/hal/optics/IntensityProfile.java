package io.qkdmodem.hal.optics;

/**
 * Alice's intensity classes: the mean photon number of each class and the probability with which a
 * slot is given that class. Vacuum has mean photon number 0 by definition. Probabilities are
 * quantized to 24 bits ({@link #SCALE}) so that every backend (and the SPI front-end, which
 * receives the thresholds) maps the same random bits to the same class.
 *
 * @param muSignal mean photon number of signal pulses, in (0, 10]
 * @param muDecoy mean photon number of decoy pulses, in [0, muSignal)
 * @param pSignal probability of a signal slot, in (0, 1]
 * @param pDecoy probability of a decoy slot, in [0, 1 - pSignal]; vacuum gets the rest
 */
public record IntensityProfile(double muSignal, double muDecoy, double pSignal, double pDecoy) {

    /** Probabilities are compared with a uniform 24-bit integer. */
    public static final int SCALE = 1 << 24;

    public IntensityProfile {
        if (!(muSignal > 0 && muSignal <= 10)) {
            throw new IllegalArgumentException("muSignal must be in (0, 10], was " + muSignal);
        }
        if (!(muDecoy >= 0 && muDecoy < muSignal)) {
            throw new IllegalArgumentException(
                    "muDecoy must be in [0, muSignal), was "
                            + muDecoy
                            + " with muSignal "
                            + muSignal);
        }
        if (!(pSignal > 0 && pSignal <= 1)) {
            throw new IllegalArgumentException("pSignal must be in (0, 1], was " + pSignal);
        }
        if (!(pDecoy >= 0 && pSignal + pDecoy <= 1 + 1e-12)) {
            throw new IllegalArgumentException(
                    "pDecoy must be in [0, 1 - pSignal], was "
                            + pDecoy
                            + " with pSignal "
                            + pSignal);
        }
    }

    /** Standard decoy profile of our docs: mu 0.5, nu 0.1, 80 % signal, 10 % decoy, 10 % vacuum. */
    public static IntensityProfile standard() {
        return new IntensityProfile(0.5, 0.1, 0.8, 0.1);
    }

    /** Signal only (no decoy, no vacuum) at mean photon number mu. */
    public static IntensityProfile signalOnly(double mu) {
        return new IntensityProfile(mu, 0, 1, 0);
    }

    public double pVacuum() {
        return Math.max(0, 1 - pSignal - pDecoy);
    }

    /** Mean photon number of a class (0 for vacuum). */
    public double mu(IntensityClass c) {
        return switch (c) {
            case SIGNAL -> muSignal;
            case DECOY -> muDecoy;
            case VACUUM -> 0;
        };
    }

    /** Probability of a class as drawn by {@link #classOf(int)} (after 24-bit quantization). */
    public double probability(IntensityClass c) {
        return switch (c) {
            case SIGNAL -> signalThreshold() / (double) SCALE;
            case DECOY -> (decoyThreshold() - signalThreshold()) / (double) SCALE;
            case VACUUM -> (SCALE - decoyThreshold()) / (double) SCALE;
        };
    }

    /** A uniform 24-bit value below this is a signal slot. */
    public int signalThreshold() {
        return (int) Math.min(SCALE, Math.round(pSignal * SCALE));
    }

    /** A uniform 24-bit value in [signalThreshold, decoyThreshold) is a decoy slot. */
    public int decoyThreshold() {
        return (int) Math.min(SCALE, Math.round((pSignal + pDecoy) * SCALE));
    }

    /** Maps a uniform 24-bit value to its class. */
    public IntensityClass classOf(int uniform24) {
        if (uniform24 < signalThreshold()) {
            return IntensityClass.SIGNAL;
        }
        return uniform24 < decoyThreshold() ? IntensityClass.DECOY : IntensityClass.VACUUM;
    }
}
