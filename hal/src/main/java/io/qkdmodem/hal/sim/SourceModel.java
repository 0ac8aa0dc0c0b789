package io.qkdmodem.hal.sim;

/** The photon-number statistics of Alice's source. */
public enum SourceModel {
    /** Attenuated laser: Poisson(mu) photons per pulse (the standard and decoy-state model). */
    WEAK_COHERENT,
    /**
     * An ideal single-photon source, as the paper assumes: exactly one photon per non-vacuum pulse.
     */
    SINGLE_PHOTON
}
