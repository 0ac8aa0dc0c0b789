package io.qkdmodem.hal.frontend;

import io.qkdmodem.hal.HalException;
import java.time.Duration;

/** The front-end's two GPIO lines besides SPI: reset (board output) and frame-ready (input). */
public interface FrontEndLines {

    /** Pulses reset: the front-end drops all frames, turns the laser off and gates off. */
    void pulseReset() throws HalException;

    /**
     * Waits until frame-ready is high.
     *
     * @return false on timeout
     */
    boolean awaitFrameReady(Duration timeout) throws HalException;
}
