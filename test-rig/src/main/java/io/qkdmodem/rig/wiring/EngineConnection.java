package io.qkdmodem.rig.wiring;

import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import io.qkdmodem.agent.qtls.QtlsProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one sans-IO Quantum TLS engine over a TCP socket: a reader thread feeds the engine what
 * arrives and sends what it produces; application data the engine releases goes to a sink; {@link
 * #write} encrypts and sends. Every engine call holds one lock, so the engine never sees two
 * threads.
 */
final class EngineConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EngineConnection.class);

    private final QtlsProtocol engine;
    private final Socket socket;
    private final OutputStream net;
    private final Consumer<byte[]> appSink;
    private final Runnable onEnd;
    private final Object lock = new Object();
    private final Thread reader;
    private volatile boolean ended;
    private volatile QtlsFatalAlert failure;
    private volatile IOException ioFailure;

    EngineConnection(
            String name,
            QtlsProtocol engine,
            Socket socket,
            Consumer<byte[]> appSink,
            Runnable onEnd)
            throws IOException {
        this.engine = engine;
        this.socket = socket;
        this.net = socket.getOutputStream();
        this.appSink = appSink;
        this.onEnd = onEnd;
        this.reader = new Thread(this::readLoop, name);
        this.reader.setDaemon(true);
    }

    /** Starts reading (a client calls {@code engine.connect()} through {@link #open} first). */
    void start() {
        reader.start();
    }

    /** Lets the engine produce its first flight (the client's ClientHello) and sends it. */
    void open(EngineAction action) throws QtlsFatalAlert, IOException {
        synchronized (lock) {
            action.run();
            flush();
        }
    }

    interface EngineAction {
        void run() throws QtlsFatalAlert;
    }

    private void readLoop() {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (lock) {
                    if (ended) {
                        break; // closed locally: the engine takes no more input
                    }
                    try {
                        engine.offerInput(buf, 0, n);
                    } catch (QtlsFatalAlert e) {
                        failure = e;
                        flushQuietly();
                        break;
                    } finally {
                        flushQuietly();
                        deliver();
                        lock.notifyAll();
                    }
                    if (engine.isPeerClosed()) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            if (!ended) {
                ioFailure = e;
            }
        } finally {
            synchronized (lock) {
                ended = true;
                lock.notifyAll();
            }
            closeSocket();
            onEnd.run();
        }
    }

    private void deliver() {
        if (engine.availableInputBytes() > 0) {
            byte[] data = engine.readApplicationData();
            if (data.length > 0) {
                appSink.accept(data);
            }
        }
    }

    private void flush() throws IOException {
        while (engine.availableOutputBytes() > 0) {
            net.write(engine.readOutput());
        }
        net.flush();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (IOException e) {
            LOG.debug("send failed: {}", e.toString());
        }
    }

    /** Encrypts and sends application data. */
    void write(byte[] data, int off, int len) throws IOException {
        synchronized (lock) {
            if (ended || failure != null) {
                throw new IOException("the Quantum TLS connection is closed");
            }
            try {
                engine.writeApplicationData(data, off, len);
            } catch (QtlsFatalAlert e) {
                failure = e;
                flushQuietly();
                throw new IOException("Quantum TLS failed: " + e.getMessage(), e);
            }
            flush();
        }
    }

    /**
     * Waits until the handshake completed, failed or the connection ended.
     *
     * @return true if it completed
     */
    boolean awaitHandshake(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lock) {
            while (!engine.isHandshakeComplete() && failure == null && !ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return engine.isHandshakeComplete();
        }
    }

    QtlsProtocol engine() {
        return engine;
    }

    /** The engine's own failure or the one it received from the peer, if any. */
    QtlsFatalAlert failure() {
        QtlsFatalAlert f = failure;
        return f != null ? f : engine.failure();
    }

    IOException ioFailure() {
        return ioFailure;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (!ended) {
                engine.close();
                flushQuietly();
            }
            ended = true;
            lock.notifyAll();
        }
        closeSocket();
        if (Thread.currentThread() == reader || !reader.isAlive()) {
            return;
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("close: {}", e.toString());
        }
    }
}
