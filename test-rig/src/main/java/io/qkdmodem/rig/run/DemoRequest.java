package io.qkdmodem.rig.run;

import io.qkdmodem.rig.orchestration.RigDescription;
import io.qkdmodem.rig.scenario.SerialMode;
import io.qkdmodem.rig.scenario.SourceProfile;
import java.time.Duration;
import java.util.Objects;

/**
 * What one demo run is asked to do.
 *
 * @param rig the bench (simulated by default)
 * @param distanceKm fiber length of the simulated link
 * @param eveFraction fraction of pulses attacked by intercept-resend
 * @param seed seed of the simulation
 * @param profile source and handshake profile
 * @param serial requested serial transport between modems and agents
 * @param siftedBitsWanted sifted bits to accumulate before the handshake
 * @param echoBytes bytes of data to send through the tunnel and back
 * @param accumulateTimeout how long key accumulation may take before the run fails
 */
public record DemoRequest(
        RigDescription rig,
        double distanceKm,
        double eveFraction,
        long seed,
        SourceProfile profile,
        SerialMode serial,
        long siftedBitsWanted,
        int echoBytes,
        Duration accumulateTimeout) {

    /** Key bits per block with the paper's single-photon source. */
    public static final long DEFAULT_SIFTED_BITS = 1 << 16;

    /**
     * Key bits per block of the demo with the default weak-coherent source: the decoy-state bound
     * of Lim et al. 2014 leaves a positive key at 10 km from about 2^19 bits (some 2 % of the
     * block), which keeps README's first command under a minute.
     */
    public static final long DEFAULT_DECOY_SIFTED_BITS = 1 << 19;

    /**
     * Key bits per block of sweeps and {@code bench --pipeline} with the weak-coherent source: 2^20
     * bits keep about 6 % at 10 km and a positive key up to 100 km.
     */
    public static final long SWEEP_DECOY_SIFTED_BITS = 1 << 20;

    /** The demo's default block size of a profile. */
    public static long defaultSiftedBits(SourceProfile profile) {
        return profile == SourceProfile.PAPER ? DEFAULT_SIFTED_BITS : DEFAULT_DECOY_SIFTED_BITS;
    }

    /** The sweep's default block size of a profile. */
    public static long sweepSiftedBits(SourceProfile profile) {
        return profile == SourceProfile.PAPER ? DEFAULT_SIFTED_BITS : SWEEP_DECOY_SIFTED_BITS;
    }

    public static final int DEFAULT_ECHO_BYTES = 64 * 1024;

    public DemoRequest {
        Objects.requireNonNull(rig);
        Objects.requireNonNull(profile);
        Objects.requireNonNull(serial);
        Objects.requireNonNull(accumulateTimeout);
        if (siftedBitsWanted < 1) {
            throw new IllegalArgumentException("sifted bits wanted must be positive");
        }
        if (echoBytes < 0) {
            throw new IllegalArgumentException("echo bytes must not be negative");
        }
    }

    /** The simulated defaults at a distance. */
    public static DemoRequest simulated(double distanceKm, double eveFraction, long seed) {
        return new DemoRequest(
                RigDescription.simulatedDefault(),
                distanceKm,
                eveFraction,
                seed,
                SourceProfile.DEFAULT,
                SerialMode.PIPE,
                DEFAULT_DECOY_SIFTED_BITS,
                DEFAULT_ECHO_BYTES,
                Duration.ofSeconds(45));
    }

    public DemoRequest withSerial(SerialMode mode) {
        return new DemoRequest(
                rig,
                distanceKm,
                eveFraction,
                seed,
                profile,
                mode,
                siftedBitsWanted,
                echoBytes,
                accumulateTimeout);
    }
}
