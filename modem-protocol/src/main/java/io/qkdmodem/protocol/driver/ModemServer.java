package io.qkdmodem.protocol.driver;

import io.qkdmodem.hal.serial.SerialLink;
import io.qkdmodem.hal.serial.SerialLinkException;
import io.qkdmodem.protocol.message.EventMessage;
import io.qkdmodem.protocol.session.ModemBackend;
import io.qkdmodem.protocol.session.ModemSession;
import io.qkdmodem.protocol.session.SessionStats;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link ModemSession} on a serial link: one thread reads the line and feeds the session;
 * the backend's events are published from whatever thread raises them. Every session call and every
 * write happens under one lock.
 */
public final class ModemServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModemServer.class);

    private final SerialLink link;
    private final ModemSession session;
    private final Object lock = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception stopCause;

    private ModemServer(SerialLink link, ModemSession session, ModemBackend backend) {
        this.link = link;
        this.session = session;
        backend.setEventSink(this::publish);
        thread = new Thread(this::run, "modem-server-" + link.name());
        thread.setDaemon(true);
    }

    /** Starts serving; the backend's event sink is set to this server. */
    public static ModemServer start(SerialLink link, ModemSession session, ModemBackend backend) {
        ModemServer s =
                new ModemServer(
                        Objects.requireNonNull(link),
                        Objects.requireNonNull(session),
                        Objects.requireNonNull(backend));
        s.thread.start();
        return s;
    }

    private void publish(EventMessage e) {
        synchronized (lock) {
            session.publish(e);
            try {
                flush();
            } catch (SerialLinkException ex) {
                LOG.warn("event not sent: {}", ex.getMessage());
            }
        }
    }

    private void flush() throws SerialLinkException {
        for (byte[] out = session.pollOutput(); out != null; out = session.pollOutput()) {
            link.write(out);
        }
    }

    private void run() {
        byte[] buf = new byte[4096];
        try {
            while (running) {
                int n = link.read(buf, 0, buf.length);
                if (n > 0) {
                    synchronized (lock) {
                        session.receive(buf, 0, n);
                        flush();
                    }
                }
            }
        } catch (SerialLinkException e) {
            if (running) {
                stopCause = e;
                LOG.warn("modem server on {} stopped: {}", link.name(), e.getMessage());
            }
        } catch (RuntimeException e) {
            stopCause = e;
            LOG.error("modem server on {} failed", link.name(), e);
        }
    }

    /** Counters of the session (read under the server's lock). */
    public SessionStats stats() {
        synchronized (lock) {
            return session.stats();
        }
    }

    public ModemSession.State state() {
        synchronized (lock) {
            return session.state();
        }
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Why the serving thread stopped, if it stopped on an error. */
    public Exception stopCause() {
        return stopCause;
    }

    /** Stops serving and closes the link. */
    @Override
    public void close() {
        running = false;
        link.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
