package io.qkdmodem.hal;

/**
 * An output that can hurt something if left in the wrong state (a laser left firing, a modulator
 * left driven, an LED left showing "key ready"). It declares the state it goes to on shutdown and
 * can be driven there at any time; {@link #enterSafeState()} never throws and is idempotent, so it
 * can be called from shutdown hooks and error paths.
 */
public interface SafeShutdown {

    /** A human-readable statement of the safe state, for logs and docs (e.g. "laser off"). */
    String safeState();

    /** Drives the output to its safe state. Idempotent, never throws. */
    void enterSafeState();
}
