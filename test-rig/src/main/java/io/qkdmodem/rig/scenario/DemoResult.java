package io.qkdmodem.rig.scenario;

import java.util.Objects;
import java.util.Optional;

/**
 * What one demo run measured, field for field what {@code demo --json} prints.
 *
 * @param distanceKm fiber length
 * @param eveFraction fraction of pulses the eavesdropper attacked
 * @param profile source/handshake profile
 * @param serial how modems were joined to their agents
 * @param pulses pulse slots Alice's modem sent until the key was there
 * @param siftedBits sifted bits both modems stored
 * @param siftedBitsUsed sifted bits the handshake's discussion took (0 if it never got there)
 * @param qber QBER as estimated in the handshake, or NaN if the handshake never got that far
 * @param monitorQber QBER the modems' link monitor measured while key accumulated (NaN if none)
 * @param secretBits bits privacy amplification produced (0 when aborted): the key K is taken from
 *     them, the rest serves rekeys and the modem link's authentication pool
 * @param singlePhotonBits what the single-photon bound (Tomamichel et al. 2012) gives for the same
 *     block, sample, QBER estimate and leak (0 when aborted); with the default profile's
 *     weak-coherent source the key is sized by the decoy-state bound instead, which is shorter
 * @param handshakeMs wall time of the Quantum TLS handshake
 * @param aborted true when the handshake ended without a key
 * @param abortReason why, or null
 * @param bytesEchoed bytes that went through the tunnel and came back identical
 * @param elapsedMs wall time of the whole run, teardown included
 */
public record DemoResult(
        double distanceKm,
        double eveFraction,
        SourceProfile profile,
        SerialMode serial,
        long pulses,
        long siftedBits,
        long siftedBitsUsed,
        double qber,
        double monitorQber,
        long secretBits,
        long singlePhotonBits,
        long handshakeMs,
        boolean aborted,
        String abortReason,
        long bytesEchoed,
        long elapsedMs) {

    public DemoResult {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(serial, "serial");
        if (aborted && (abortReason == null || abortReason.isBlank())) {
            throw new IllegalArgumentException("an aborted run needs a reason");
        }
        if (!aborted && abortReason != null) {
            throw new IllegalArgumentException("a run that did not abort has no abort reason");
        }
    }

    /**
     * Secret bits per pulse: the handshake's key per sifted bit it used, times sifted bits per
     * pulse; NaN when nothing was sent or used.
     */
    public double secretBitsPerPulse() {
        if (pulses == 0 || siftedBitsUsed == 0) {
            return aborted && pulses > 0 ? 0 : Double.NaN;
        }
        return (double) secretBits / siftedBitsUsed * siftedBits / pulses;
    }

    public double siftedBitsPerPulse() {
        return pulses == 0 ? Double.NaN : (double) siftedBits / pulses;
    }

    public Optional<String> abortReasonIfAny() {
        return Optional.ofNullable(abortReason);
    }
}
