package io.qkdmodem.rig.report;

/**
 * One measured point of a sweep beside theory for the same channel.
 *
 * @param distanceKm fiber length
 * @param eveFraction fraction of pulses attacked by intercept-resend
 * @param pulses pulse slots sent
 * @param siftedBits sifted bits stored by both modems
 * @param secretBitsPerPulse measured secret key per pulse (key per sifted bit used, times sifted
 *     bits per pulse)
 * @param qber QBER estimated in the handshake (NaN if none was estimated)
 * @param monitorQber QBER the modems' link monitor measured while key accumulated (NaN if none)
 * @param secretBits final key bits the handshake distilled (0 if aborted)
 * @param aborted whether the handshake aborted
 * @param abortReason why it aborted, or null
 * @param asymptoticBitsPerPulse asymptotic decoy-state BB84 rate for the channel
 * @param plobBitsPerPulse PLOB bound for the channel
 */
public record SweepPoint(
        double distanceKm,
        double eveFraction,
        long pulses,
        long siftedBits,
        double qber,
        double monitorQber,
        long secretBits,
        double secretBitsPerPulse,
        boolean aborted,
        String abortReason,
        double asymptoticBitsPerPulse,
        double plobBitsPerPulse) {

    public SweepPoint {
        if (pulses < 0 || siftedBits < 0 || secretBits < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    public double siftedBitsPerPulse() {
        return pulses == 0 ? Double.NaN : (double) siftedBits / pulses;
    }

    /** Measured secret rate over the asymptotic rate; NaN where theory gives no key. */
    public double ratioToAsymptotic() {
        return asymptoticBitsPerPulse > 0
                ? secretBitsPerPulse() / asymptoticBitsPerPulse
                : Double.NaN;
    }
}
