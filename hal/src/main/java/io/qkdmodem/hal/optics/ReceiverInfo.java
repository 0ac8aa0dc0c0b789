package io.qkdmodem.hal.optics;

/**
 * What a receiver backend is and how it measures.
 *
 * @param backend the backend name
 * @param basisChoice active (a modulator driven by Bob's random bits) or passive (a beam splitter)
 * @param detectors 2 (one pair, behind an active basis choice) or 4 (a pair per basis)
 * @param maxSlotRate the highest slot rate it sustains, in slots per second
 * @param maxSlotsPerFrame the largest frame it accepts
 * @param simulated whether detections are simulated
 */
public record ReceiverInfo(
        String backend,
        BasisChoice basisChoice,
        int detectors,
        double maxSlotRate,
        int maxSlotsPerFrame,
        boolean simulated) {

    public ReceiverInfo {
        if (detectors != 2 && detectors != 4) {
            throw new IllegalArgumentException("detectors must be 2 or 4, was " + detectors);
        }
        if (basisChoice == BasisChoice.PASSIVE && detectors != 4) {
            throw new IllegalArgumentException("a passive basis choice needs 4 detectors");
        }
    }
}
