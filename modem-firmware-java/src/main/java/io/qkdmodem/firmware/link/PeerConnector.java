package io.qkdmodem.firmware.link;

import java.io.IOException;
import java.time.Duration;

/**
 * Opens the modem-to-modem link: listening or connecting over TCP, or opening a serial line. Called
 * again after the link drops (the firmware reconnects for ever, with a pause between attempts).
 */
public interface PeerConnector extends AutoCloseable {

    /**
     * Waits up to {@code timeout} for a connected channel.
     *
     * @throws IOException if none came up in time or the transport failed
     */
    PeerChannel connect(Duration timeout) throws IOException;

    /** What this connector does ("tcp-listen :7001"), for logs and status. */
    String describe();

    /** Stops listening, unblocks a pending connect. */
    @Override
    void close();
}
