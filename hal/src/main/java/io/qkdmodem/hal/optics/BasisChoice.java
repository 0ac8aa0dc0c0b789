package io.qkdmodem.hal.optics;

/** How Bob's receiver picks the measurement basis of a slot. */
public enum BasisChoice {
    /** A modulator driven by Bob's own random bit per slot, in front of two detectors. */
    ACTIVE,
    /** A 50/50 beam splitter that sends each photon to one of two detector pairs. */
    PASSIVE
}
