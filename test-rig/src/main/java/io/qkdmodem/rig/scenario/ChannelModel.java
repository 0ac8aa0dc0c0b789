package io.qkdmodem.rig.scenario;

/**
 * The physical parameters of one simulated link, shared by the simulator configuration and the
 * theory columns so that both describe the same channel. Defaults are the standard parameters of
 * Gottesman-Lo-Lütkenhaus-Preskill with decoys as used by Ma, Qi, Zhao, Lo (PRA 72, 012326, 2005)
 * and DESIGN.md section 5: alpha 0.21 dB/km, Bob's efficiency 4.5 %, dark count 1.7e-6 per slot,
 * misalignment 3.3 %, signal mu 0.5, decoy 0.15, vacuum 0, error-correction inefficiency 1.22; the
 * weak-coherent source draws signal, decoy and vacuum with probabilities 0.5, 0.35 and 0.15 (what a
 * positive finite-key decoy-state length at 10 km needs with 2^20-bit blocks, Lim et al. 2014;
 * docs/rig.md).
 *
 * @param distanceKm fiber length, 0..400 km
 * @param alphaDbPerKm fiber attenuation
 * @param bobEfficiency Bob's detection efficiency (transmittance of his apparatus times detector)
 * @param darkCountPerSlot Y0, the dark-count probability per slot
 * @param misalignment e_d, the probability that a photon hits the wrong detector
 * @param signalMu mean photon number of signal pulses
 * @param decoyMu mean photon number of decoy pulses
 * @param eveFraction fraction of pulses an intercept-resend eavesdropper attacks, 0..1
 * @param singlePhotonSource true for the paper's ideal single-photon source (no decoys needed)
 */
public record ChannelModel(
        double distanceKm,
        double alphaDbPerKm,
        double bobEfficiency,
        double darkCountPerSlot,
        double misalignment,
        double signalMu,
        double decoyMu,
        double eveFraction,
        boolean singlePhotonSource) {

    public static final double MAX_DISTANCE_KM = 400;

    /** Probability of a signal pulse of the weak-coherent source. */
    public static final double P_SIGNAL = 0.5;

    /** Probability of a decoy pulse (the rest are vacuum pulses). */
    public static final double P_DECOY = 0.35;

    /** Mean photon number of the decoy class. */
    public static final double DECOY_MU = 0.15;

    public ChannelModel {
        check("distance_km", distanceKm, 0, MAX_DISTANCE_KM);
        check("alpha_db_per_km", alphaDbPerKm, 0, 10);
        check("bob_efficiency", bobEfficiency, 1e-9, 1);
        check("dark_count_per_slot", darkCountPerSlot, 0, 0.1);
        check("misalignment", misalignment, 0, 0.5);
        check("signal_mu", signalMu, 1e-6, 10);
        check("decoy_mu", decoyMu, 0, signalMu);
        check("eve_fraction", eveFraction, 0, 1);
    }

    /** The standard channel for a profile at a distance and eavesdropper fraction. */
    public static ChannelModel standard(
            SourceProfile profile, double distanceKm, double eveFraction) {
        boolean single = profile == SourceProfile.PAPER;
        return new ChannelModel(
                distanceKm,
                0.21,
                0.045,
                1.7e-6,
                0.033,
                single ? 1.0 : 0.5,
                single ? 0 : DECOY_MU,
                eveFraction,
                single);
    }

    /** Channel transmittance times Bob's efficiency: eta = 10^(-alpha L / 10) * eta_Bob. */
    public double eta() {
        return Math.pow(10, -alphaDbPerKm * distanceKm / 10) * bobEfficiency;
    }

    /** Mean photon numbers of signal, decoy, vacuum (the decoy-state model's intensities). */
    public double[] intensities() {
        return new double[] {signalMu, decoyMu, 0};
    }

    /** Probabilities of signal, decoy, vacuum; the single-photon source sends signal only. */
    public double[] intensityProbabilities() {
        return singlePhotonSource
                ? new double[] {1, 0, 0}
                : new double[] {P_SIGNAL, P_DECOY, 1 - P_SIGNAL - P_DECOY};
    }

    /**
     * Expected key bits per pulse with unbiased bases, for progress estimates (the measurement is
     * what the modems report). The single-photon source keeps every matched click (half the gain);
     * with decoy states the key is the matched Z clicks of every class (a quarter of the gain,
     * averaged over the classes) and the matched X clicks are disclosed (docs/firmware.md).
     */
    public double expectedSiftedPerPulse() {
        double eta = eta();
        if (singlePhotonSource) {
            return 0.5 * (1 - (1 - darkCountPerSlot) * (1 - eta));
        }
        double qSignal = darkCountPerSlot + 1 - Math.exp(-eta * signalMu);
        double qDecoy = darkCountPerSlot + 1 - Math.exp(-eta * decoyMu);
        double[] p = intensityProbabilities();
        return 0.25 * (p[0] * qSignal + p[1] * qDecoy + p[2] * darkCountPerSlot);
    }

    /** Fiber transmittance alone, 10^(-alpha L / 10): the loss PLOB bounds. */
    public double fiberTransmittance() {
        return Math.pow(10, -alphaDbPerKm * distanceKm / 10);
    }

    private static void check(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}
