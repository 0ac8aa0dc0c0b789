package io.qkdmodem.hal.status;

/** What the modem's status indicator shows. */
public enum ModemStatus {
    /** Nothing shown: the safe state. */
    OFF,
    IDLE,
    ACQUIRING,
    KEY_READY,
    FAULT
}
