package io.qkdmodem.hal.sim;

import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.HalConfigException;
import io.qkdmodem.hal.config.Setting;
import io.qkdmodem.hal.optics.BasisChoice;
import io.qkdmodem.hal.optics.IntensityProfile;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything the simulated optics need: source, fiber, Bob's detection system, eavesdropper and the
 * seed. Immutable; build with {@link #builder()} or read from configuration with {@link
 * #fromConfig(HalConfig)}. The standard parameters (GYS experiment, as used by Ma, Qi, Zhao and Lo
 * 2005): alpha 0.21 dB/km, eta_Bob 0.045, Y0 1.7e-6, e_d 3.3 %, mu 0.5.
 *
 * @param lengthKm fiber length L
 * @param alphaDbPerKm fiber loss coefficient alpha
 * @param etaBob Bob's detection efficiency (optics and detectors together)
 * @param y0 background yield: probability that Bob's detection system clicks in a slot without
 *     signal, spread evenly over its detectors
 * @param misalignment e_d, probability that a detected photon hits the wrong detector of the right
 *     basis
 * @param profile Alice's intensity classes
 * @param source photon statistics of Alice's source
 * @param basisChoice Bob's active or passive basis choice (2 or 4 detectors)
 * @param deadTimeSlots after a click a detector is blind for this many slots (0: off)
 * @param afterpulseProbability probability that a click is followed by an after-pulse (0: off)
 * @param afterpulseWindowSlots the after-pulse falls uniformly in this many slots after dead time
 * @param eavesdropper Eve's attack
 * @param seed seed of all simulated randomness (per frame it is mixed with the frame id)
 * @param slotRate nominal slot rate of the simulated laser, slots per second (reported only)
 */
public record SimParameters(
        double lengthKm,
        double alphaDbPerKm,
        double etaBob,
        double y0,
        double misalignment,
        IntensityProfile profile,
        SourceModel source,
        BasisChoice basisChoice,
        int deadTimeSlots,
        double afterpulseProbability,
        int afterpulseWindowSlots,
        Eavesdropper eavesdropper,
        long seed,
        double slotRate) {

    public static final Setting<String> PROFILE =
            Setting.ofString(
                    "sim.profile",
                    "standard (weak coherent pulses with decoys) or paper (ideal single photons)",
                    "standard");
    public static final Setting<Double> LENGTH_KM =
            Setting.ofDouble("sim.length-km", "fiber length L in km", 25, 0, 1000);
    public static final Setting<Double> ALPHA =
            Setting.ofDouble("sim.alpha-db-per-km", "fiber loss alpha in dB/km", 0.21, 0, 10);
    public static final Setting<Double> ETA_BOB =
            Setting.ofDouble("sim.eta-bob", "Bob's detection efficiency", 0.045, 1e-6, 1);
    public static final Setting<Double> Y0 =
            Setting.ofDouble("sim.y0", "background (dark count) yield per slot", 1.7e-6, 0, 0.1);
    public static final Setting<Double> MISALIGNMENT =
            Setting.ofDouble("sim.misalignment", "misalignment error e_d", 0.033, 0, 0.5);
    public static final Setting<Double> MU_SIGNAL =
            Setting.ofDouble("sim.mu", "signal mean photon number mu", 0.5, 1e-6, 10);
    public static final Setting<Double> MU_DECOY =
            Setting.ofDouble("sim.nu", "decoy mean photon number nu", 0.1, 0, 10);
    public static final Setting<Double> P_SIGNAL =
            Setting.ofDouble("sim.p-signal", "probability of a signal slot", 0.8, 1e-6, 1);
    public static final Setting<Double> P_DECOY =
            Setting.ofDouble("sim.p-decoy", "probability of a decoy slot", 0.1, 0, 1);
    public static final Setting<String> BASIS_CHOICE =
            Setting.ofString("sim.basis-choice", "active (2 detectors) or passive (4)", "active");
    public static final Setting<Integer> DEAD_TIME =
            Setting.ofInt("sim.dead-time-slots", "detector dead time in slots", 0, 0, 1 << 24);
    public static final Setting<Double> AFTERPULSE =
            Setting.ofDouble("sim.afterpulse-probability", "after-pulse probability", 0, 0, 0.5);
    public static final Setting<Integer> AFTERPULSE_WINDOW =
            Setting.ofInt("sim.afterpulse-window-slots", "after-pulse window", 100, 1, 1 << 24);
    public static final Setting<String> EVE =
            Setting.ofString("sim.eve", "none, intercept-resend or pns", "none");
    public static final Setting<Double> EVE_FRACTION =
            Setting.ofDouble(
                    "sim.eve-fraction", "fraction of pulses intercept-resend touches", 1, 0, 1);
    public static final Setting<Long> SEED =
            Setting.ofLong("sim.seed", "seed of the simulation", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    public static final Setting<Double> SLOT_RATE =
            Setting.ofDouble("sim.slot-rate", "nominal laser slot rate per second", 1e9, 1, 1e12);

    public static final List<Setting<?>> SETTINGS =
            List.of(
                    PROFILE,
                    LENGTH_KM,
                    ALPHA,
                    ETA_BOB,
                    Y0,
                    MISALIGNMENT,
                    MU_SIGNAL,
                    MU_DECOY,
                    P_SIGNAL,
                    P_DECOY,
                    BASIS_CHOICE,
                    DEAD_TIME,
                    AFTERPULSE,
                    AFTERPULSE_WINDOW,
                    EVE,
                    EVE_FRACTION,
                    SEED,
                    SLOT_RATE);

    public SimParameters {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(basisChoice, "basisChoice");
        Objects.requireNonNull(eavesdropper, "eavesdropper");
        check(lengthKm >= 0, "lengthKm must be >= 0");
        check(alphaDbPerKm >= 0, "alphaDbPerKm must be >= 0");
        check(etaBob > 0 && etaBob <= 1, "etaBob must be in (0, 1]");
        check(y0 >= 0 && y0 < 0.5, "y0 must be in [0, 0.5)");
        check(misalignment >= 0 && misalignment <= 0.5, "misalignment must be in [0, 0.5]");
        check(deadTimeSlots >= 0, "deadTimeSlots must be >= 0");
        check(
                afterpulseProbability >= 0 && afterpulseProbability <= 0.5,
                "afterpulseProbability must be in [0, 0.5]");
        check(afterpulseWindowSlots >= 1, "afterpulseWindowSlots must be >= 1");
        check(slotRate > 0, "slotRate must be positive");
    }

    private static void check(boolean ok, String rule) {
        if (!ok) {
            throw new HalConfigException("simulation parameters: " + rule);
        }
    }

    /** Transmittance of the fiber alone, 10^(-alpha L / 10). */
    public double fiberTransmittance() {
        return Math.pow(10, -alphaDbPerKm * lengthKm / 10);
    }

    /** Overall transmittance eta = 10^(-alpha L / 10) * eta_Bob. */
    public double eta() {
        return fiberTransmittance() * etaBob;
    }

    public int detectors() {
        return basisChoice == BasisChoice.PASSIVE ? 4 : 2;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The standard parameters at 25 km, standard decoy profile, active basis choice, no Eve. */
    public static Builder builder() {
        return new Builder(
                new SimParameters(
                        25,
                        0.21,
                        0.045,
                        1.7e-6,
                        0.033,
                        IntensityProfile.standard(),
                        SourceModel.WEAK_COHERENT,
                        BasisChoice.ACTIVE,
                        0,
                        0,
                        100,
                        Eavesdropper.none(),
                        1,
                        1e9));
    }

    /** The paper's ideal single-photon source (no decoys) over the standard channel. */
    public static Builder paper() {
        return builder().profile(IntensityProfile.signalOnly(1)).source(SourceModel.SINGLE_PHOTON);
    }

    /** Reads the {@code sim.*} settings; a bad or inconsistent value fails with its rule. */
    public static SimParameters fromConfig(HalConfig c) {
        try {
            return read(c);
        } catch (HalConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new HalConfigException("simulation settings: " + e.getMessage());
        }
    }

    private static SimParameters read(HalConfig c) {
        String profileName = c.get(PROFILE).toLowerCase(Locale.ROOT);
        Builder b =
                switch (profileName) {
                    case "standard" ->
                            builder()
                                    .profile(
                                            new IntensityProfile(
                                                    c.get(MU_SIGNAL),
                                                    c.get(MU_DECOY),
                                                    c.get(P_SIGNAL),
                                                    c.get(P_DECOY)));
                    case "paper" -> paper();
                    default ->
                            throw new HalConfigException(
                                    "setting sim.profile = '"
                                            + profileName
                                            + "': must be standard or paper");
                };
        BasisChoice choice =
                switch (c.get(BASIS_CHOICE).toLowerCase(Locale.ROOT)) {
                    case "active" -> BasisChoice.ACTIVE;
                    case "passive" -> BasisChoice.PASSIVE;
                    default ->
                            throw new HalConfigException(
                                    "setting sim.basis-choice must be active or passive");
                };
        Eavesdropper eve =
                switch (c.get(EVE).toLowerCase(Locale.ROOT)) {
                    case "none" -> Eavesdropper.none();
                    case "intercept-resend" ->
                            new Eavesdropper.InterceptResend(c.get(EVE_FRACTION));
                    case "pns" -> new Eavesdropper.PhotonNumberSplitting();
                    default ->
                            throw new HalConfigException(
                                    "setting sim.eve must be none, intercept-resend or pns");
                };
        return b.lengthKm(c.get(LENGTH_KM))
                .alphaDbPerKm(c.get(ALPHA))
                .etaBob(c.get(ETA_BOB))
                .y0(c.get(Y0))
                .misalignment(c.get(MISALIGNMENT))
                .basisChoice(choice)
                .deadTimeSlots(c.get(DEAD_TIME))
                .afterpulse(c.get(AFTERPULSE), c.get(AFTERPULSE_WINDOW))
                .eavesdropper(eve)
                .seed(c.get(SEED))
                .slotRate(c.get(SLOT_RATE))
                .build();
    }

    /** Builder; {@link #build()} checks the rules. */
    public static final class Builder {
        private double lengthKm;
        private double alphaDbPerKm;
        private double etaBob;
        private double y0;
        private double misalignment;
        private IntensityProfile profile;
        private SourceModel source;
        private BasisChoice basisChoice;
        private int deadTimeSlots;
        private double afterpulseProbability;
        private int afterpulseWindowSlots;
        private Eavesdropper eavesdropper;
        private long seed;
        private double slotRate;

        private Builder(SimParameters p) {
            lengthKm = p.lengthKm;
            alphaDbPerKm = p.alphaDbPerKm;
            etaBob = p.etaBob;
            y0 = p.y0;
            misalignment = p.misalignment;
            profile = p.profile;
            source = p.source;
            basisChoice = p.basisChoice;
            deadTimeSlots = p.deadTimeSlots;
            afterpulseProbability = p.afterpulseProbability;
            afterpulseWindowSlots = p.afterpulseWindowSlots;
            eavesdropper = p.eavesdropper;
            seed = p.seed;
            slotRate = p.slotRate;
        }

        public Builder lengthKm(double v) {
            lengthKm = v;
            return this;
        }

        public Builder alphaDbPerKm(double v) {
            alphaDbPerKm = v;
            return this;
        }

        public Builder etaBob(double v) {
            etaBob = v;
            return this;
        }

        public Builder y0(double v) {
            y0 = v;
            return this;
        }

        public Builder misalignment(double v) {
            misalignment = v;
            return this;
        }

        public Builder profile(IntensityProfile v) {
            profile = v;
            return this;
        }

        public Builder source(SourceModel v) {
            source = v;
            return this;
        }

        public Builder basisChoice(BasisChoice v) {
            basisChoice = v;
            return this;
        }

        public Builder deadTimeSlots(int v) {
            deadTimeSlots = v;
            return this;
        }

        public Builder afterpulse(double probability, int windowSlots) {
            afterpulseProbability = probability;
            afterpulseWindowSlots = windowSlots;
            return this;
        }

        public Builder eavesdropper(Eavesdropper v) {
            eavesdropper = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder slotRate(double v) {
            slotRate = v;
            return this;
        }

        public SimParameters build() {
            return new SimParameters(
                    lengthKm,
                    alphaDbPerKm,
                    etaBob,
                    y0,
                    misalignment,
                    profile,
                    source,
                    basisChoice,
                    deadTimeSlots,
                    afterpulseProbability,
                    afterpulseWindowSlots,
                    eavesdropper,
                    seed,
                    slotRate);
        }
    }
}
