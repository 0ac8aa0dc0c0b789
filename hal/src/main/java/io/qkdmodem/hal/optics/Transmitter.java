package io.qkdmodem.hal.optics;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.SafeShutdown;

/**
 * Alice's optics: a pulsed laser with intensity classes and a polarization modulator with the four
 * BB84 states. It fires whole frames; per slot it reads the state from the frame's {@link
 * SlotStateSource} (or hands the source's key or pattern to a timing front-end). Safe state: laser
 * off, modulator undriven. Implementations are used by one thread at a time.
 */
public interface Transmitter extends SafeShutdown, AutoCloseable {

    TransmitterInfo info();

    /**
     * Fires one frame. Returns when the frame has left (or has been accepted by the front-end that
     * fires it). Frame ids must increase from one call to the next.
     *
     * @throws HalException if the hardware (or the simulated fiber) failed; the laser is off after
     *     a failure
     * @throws IllegalArgumentException if the frame is larger than {@link
     *     TransmitterInfo#maxSlotsPerFrame()} or its id does not increase; nothing is fired then
     */
    void emit(Frame frame) throws HalException;

    /** Enters the safe state and releases the hardware. Idempotent. */
    @Override
    void close();
}
