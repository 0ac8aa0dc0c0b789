package io.qkdmodem.firmware.runtime;

import io.qkdmodem.firmware.server.FirmwareBackend;
import io.qkdmodem.hal.serial.SerialLink;
import io.qkdmodem.hal.serial.SerialLinkException;
import io.qkdmodem.protocol.driver.ModemServer;
import io.qkdmodem.protocol.session.ModemSession;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the modem protocol's {@link ModemServer} running on the host's serial port: when the port
 * fails or the host goes away, it reopens the port and starts a fresh session (the host pairs
 * again). Key operations are idempotent, so nothing is lost across a reconnection.
 */
final class HostServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostServer.class);

    /** Opens the host's serial port. */
    @FunctionalInterface
    interface LinkOpener {
        SerialLink open() throws SerialLinkException;
    }

    private final LinkOpener opener;
    private final Supplier<ModemSession> sessions;
    private final FirmwareBackend backend;
    private final Duration retry;
    private final boolean singleLink;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile ModemServer server;

    private HostServer(
            LinkOpener opener,
            Supplier<ModemSession> sessions,
            FirmwareBackend backend,
            Duration retry,
            boolean singleLink) {
        this.opener = opener;
        this.sessions = sessions;
        this.backend = backend;
        this.retry = retry;
        this.singleLink = singleLink;
        this.thread = new Thread(this::supervise, "firmware-host-server");
        this.thread.setDaemon(true);
    }

    /**
     * @param singleLink the link was supplied (in-process): serve it once, never reopen it
     */
    static HostServer start(
            LinkOpener opener,
            Supplier<ModemSession> sessions,
            FirmwareBackend backend,
            Duration retry,
            boolean singleLink) {
        HostServer h = new HostServer(opener, sessions, backend, retry, singleLink);
        h.thread.start();
        return h;
    }

    boolean running() {
        ModemServer s = server;
        return s != null && s.isRunning();
    }

    private void supervise() {
        while (running) {
            ModemServer s = server;
            if (s == null || !s.isRunning()) {
                if (s != null) {
                    s.close();
                    server = null;
                    if (singleLink) {
                        return;
                    }
                    LOG.warn("host link lost; reopening");
                }
                try {
                    SerialLink link = opener.open();
                    server = ModemServer.start(link, sessions.get(), backend);
                    LOG.info("serving the host on {}", link.name());
                } catch (SerialLinkException e) {
                    LOG.debug("host serial port not available: {}", e.getMessage());
                }
            }
            try {
                Thread.sleep(retry.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ModemServer s = server;
        if (s != null) {
            s.close();
        }
    }
}
