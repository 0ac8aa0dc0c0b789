package io.qkdmodem.hal.frontend;

import io.qkdmodem.hal.HalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safe-state and release sequence shared by the front-end transmitter and receiver: both drive
 * the same device, so both stop it the same way, and a failure at one step never skips the next (a
 * SAFE command that fails still leaves the hardware reset line to pull).
 */
final class FrontEndShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(FrontEndShutdown.class);

    private FrontEndShutdown() {}

    /** Sends SAFE, then pulses the reset line whatever the SAFE command did. */
    static void enterSafeState(FrontEndClient client, FrontEndLines lines) {
        try {
            client.call(FrontEndProtocol.CMD_SAFE, new byte[0]);
        } catch (HalException | RuntimeException e) {
            LOG.error("SAFE command failed ({}); pulsing reset", e.getMessage());
        }
        try {
            lines.pulseReset();
        } catch (HalException | RuntimeException e) {
            LOG.error("Front-end reset failed: {}", e.getMessage());
        }
    }

    /** Closes every owned resource, logging (not throwing) the ones that fail. */
    static void release(AutoCloseable[] owned) {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Could not release {}: {}", c, e.getMessage());
            }
        }
    }
}
