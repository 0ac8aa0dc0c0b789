package io.qkdmodem.rig.scenario;

/**
 * The physical parameters of one simulated link, shared by the simulator configuration and the
 * theory columns so that both describe the same channel. Defaults are the standard parameters of
 * Gottesman-Lo-Lütkenhaus-Preskill with decoys as used by Ma, Qi, Zhao, Lo (PRA 72, 012326, 2005)
 * and DESIGN.md section 5: alpha 0.21 dB/km, Bob's efficiency 4.5 %, dark count 1.7e-6 per slot,
 * misalignment 3.3 %, signal mu 0.5, decoy 0.1, vacuum 0, error-correction inefficiency 1.22.
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
                single ? 0 : 0.1,
                eveFraction,
                single);
    }

    /** Channel transmittance times Bob's efficiency: eta = 10^(-alpha L / 10) * eta_Bob. */
    public double eta() {
        return Math.pow(10, -alphaDbPerKm * distanceKm / 10) * bobEfficiency;
    }

    /**
     * Expected sifted bits per pulse with unbiased bases: half the gain, averaged over the
     * intensity classes (80 % signal, 10 % decoy, 10 % vacuum; the paper's source sends single
     * photons only). For progress estimates; the measurement is what the modems report.
     */
    public double expectedSiftedPerPulse() {
        double eta = eta();
        if (singlePhotonSource) {
            return 0.5 * (1 - (1 - darkCountPerSlot) * (1 - eta));
        }
        double qSignal = darkCountPerSlot + 1 - Math.exp(-eta * signalMu);
        double qDecoy = darkCountPerSlot + 1 - Math.exp(-eta * decoyMu);
        return 0.5 * (0.8 * qSignal + 0.1 * qDecoy + 0.1 * darkCountPerSlot);
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
