package io.qkdmodem.hal.entropy;

/** Where an entropy source's bits come from; reported so nobody mistakes one for another. */
public enum EntropyKind {
    /** The kernel's hardware RNG device ({@code /dev/hwrng}). */
    HARDWARE_RNG,
    /** The JDK's {@code SecureRandom.getInstanceStrong()}: not a physical source on this board. */
    JDK_STRONG,
    /** A seeded, deterministic DRBG: reproducible simulation only, never key material. */
    SIMULATION_DRBG
}
