package io.qkdmodem.keystore;

/** Decoy-state intensity classes of the weak coherent pulses. */
public enum IntensityClass {
    SIGNAL,
    DECOY,
    VACUUM
}
