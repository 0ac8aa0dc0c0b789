package io.qkdmodem.firmware.config;

/** Which end of the fiber a modem is. */
public enum Role {
    /** Sends the pulses, answers Bob's sifting, its host reserves key by size. */
    ALICE,
    /**
     * Detects the pulses, announces clicks, its host reserves the references Alice's host chose.
     */
    BOB
}
