package io.qkdmodem.hal.serial;

import com.fazecast.jSerialComm.SerialPort;
import io.qkdmodem.hal.serial.SerialLinkException.Kind;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SerialLink} on a jSerialComm port opened by device path (so pseudo-terminals made by
 * {@code socat} work as well as USB adapters). Reads are semi-blocking with the configured timeout;
 * writes block up to the write timeout. When the device disappears (an unplugged USB adapter) the
 * link closes the port and tries to reopen it by path, {@link SerialConfig#reconnectAttempts()}
 * times, {@link SerialConfig#reconnectInterval()} apart; bytes in flight at that moment are lost,
 * which the protocol above must tolerate. A port is exclusive: opening one that another process
 * holds fails with {@link Kind#OPEN_FAILED}.
 */
public final class JSerialCommLink implements SerialLink {

    private static final Logger LOG = LoggerFactory.getLogger(JSerialCommLink.class);

    private final SerialConfig config;
    private final ReentrantLock reopenLock = new ReentrantLock();
    private volatile SerialPort port;
    private volatile boolean closed;
    private volatile int generation;

    private JSerialCommLink(SerialConfig config, SerialPort port) {
        this.config = config;
        this.port = port;
    }

    /**
     * Opens the device at {@code config.path()}.
     *
     * @throws SerialLinkException of kind {@link Kind#OPEN_FAILED} if it cannot be opened
     */
    public static JSerialCommLink open(SerialConfig config) throws SerialLinkException {
        Objects.requireNonNull(config);
        return new JSerialCommLink(config, openPort(config));
    }

    private static SerialPort openPort(SerialConfig config) throws SerialLinkException {
        SerialPort p;
        try {
            p = SerialPort.getCommPort(config.path());
        } catch (RuntimeException e) {
            throw new SerialLinkException(
                    Kind.OPEN_FAILED, "no such port " + config.path() + ": " + e.getMessage(), e);
        }
        p.setComPortParameters(config.baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(
                SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                (int) Math.max(1, config.readTimeout().toMillis()),
                (int) Math.max(1, config.writeTimeout().toMillis()));
        if (!p.openPort()) {
            throw new SerialLinkException(
                    Kind.OPEN_FAILED,
                    "cannot open "
                            + config.path()
                            + " (error "
                            + p.getLastErrorCode()
                            + " at "
                            + p.getLastErrorLocation()
                            + "; absent, busy or no permission)");
        }
        return p;
    }

    @Override
    public String name() {
        return config.path();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    public SerialConfig config() {
        return config;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws SerialLinkException {
        Objects.checkFromIndexSize(off, len, buf.length);
        while (true) {
            ensureNotClosed();
            SerialPort p = port;
            int gen = generation;
            int n = p.readBytes(buf, len, off);
            if (n >= 0) {
                return n;
            }
            ensureNotClosed();
            reopen(gen, "read failed (error " + p.getLastErrorCode() + ")");
        }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws SerialLinkException {
        Objects.checkFromIndexSize(off, len, buf.length);
        int done = 0;
        while (done < len) {
            ensureNotClosed();
            SerialPort p = port;
            int gen = generation;
            int n = p.writeBytes(buf, len - done, off + done);
            if (n > 0) {
                done += n;
            } else if (n == 0) {
                throw new SerialLinkException(
                        Kind.WRITE_TIMEOUT,
                        config.path() + ": nothing written within " + config.writeTimeout());
            } else {
                ensureNotClosed();
                reopen(gen, "write failed (error " + p.getLastErrorCode() + ")");
            }
        }
    }

    private void ensureNotClosed() throws SerialLinkException {
        if (closed) {
            throw new SerialLinkException(Kind.CLOSED, config.path() + " is closed");
        }
    }

    /** Reopens the device unless another thread already did since generation {@code seen}. */
    private void reopen(int seen, String why) throws SerialLinkException {
        reopenLock.lock();
        try {
            if (generation != seen) {
                return;
            }
            LOG.warn("{}: {}; reconnecting", config.path(), why);
            port.closePort();
            for (int attempt = 1; attempt <= config.reconnectAttempts() && !closed; attempt++) {
                try {
                    Thread.sleep(config.reconnectInterval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                try {
                    port = openPort(config);
                    generation++;
                    LOG.info("{}: reconnected after {} attempt(s)", config.path(), attempt);
                    return;
                } catch (SerialLinkException e) {
                    LOG.debug("{}: reconnect attempt {} failed", config.path(), attempt);
                }
            }
            closed = true;
            throw new SerialLinkException(
                    Kind.DISCONNECTED,
                    config.path()
                            + ": "
                            + why
                            + ", not back after "
                            + config.reconnectAttempts()
                            + " attempt(s)");
        } finally {
            reopenLock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        port.closePort();
    }

    @Override
    public String toString() {
        return "JSerialCommLink{" + config + "}";
    }
}
