package io.qkdmodem.agent.tunnel;

import io.qkdmodem.agent.qtls.AlertDescription;
import io.qkdmodem.agent.qtls.QtlsClientProtocol;
import io.qkdmodem.agent.qtls.QtlsConfig;
import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import io.qkdmodem.agent.qtls.QtlsProtocol;
import io.qkdmodem.agent.qtls.QtlsServerProtocol;
import io.qkdmodem.agent.qtls.QtlsSessionInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Quantum TLS connection over a TCP socket, used like a socket: {@link #handshake()}, then {@link
 * #getInputStream()} and {@link #getOutputStream()}. A thin driver around a sans-IO engine: one
 * thread may read while another writes; the engine is only touched under its lock, socket reads
 * happen outside it. Failures surface as {@link QtlsIOException} carrying the alert. A write that
 * the engine holds back for fresh QKD key (an in-band key refresh) returns once the data went out:
 * meanwhile the writing thread reads the socket itself, or lets the thread that is reading feed the
 * engine.
 */
public final class QtlsSocket implements AutoCloseable {
    private static final int READ_BUFFER = 32 * 1024;

    private final Socket socket;
    private final QtlsProtocol engine;
    private final Duration handshakeTimeout;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    private final InputStream in;
    private final OutputStream out;
    private final byte[] readBuffer = new byte[READ_BUFFER];
    private byte[] pending = new byte[0];
    private int pendingPos;
    private volatile boolean closed;

    private QtlsSocket(Socket socket, QtlsProtocol engine, Duration handshakeTimeout)
            throws IOException {
        this.socket = socket;
        this.engine = engine;
        this.handshakeTimeout = handshakeTimeout;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        socket.setTcpNoDelay(true);
    }

    /** Connects to a peer agent and runs the handshake as the client (Bob's side). */
    public static QtlsSocket connect(InetSocketAddress peer, QtlsConfig config) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(peer, (int) config.handshakeTimeout().toMillis());
            QtlsSocket q =
                    new QtlsSocket(s, new QtlsClientProtocol(config), config.handshakeTimeout());
            q.handshake();
            return q;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Runs the handshake as the server (Alice's side) on an accepted socket. */
    public static QtlsSocket accept(Socket accepted, QtlsConfig config) throws IOException {
        try {
            QtlsSocket q =
                    new QtlsSocket(
                            accepted, new QtlsServerProtocol(config), config.handshakeTimeout());
            q.handshake();
            return q;
        } catch (IOException | RuntimeException e) {
            accepted.close();
            throw e;
        }
    }

    private void handshake() throws IOException {
        Instant deadline = Instant.now().plus(handshakeTimeout);
        try {
            synchronized (engine) {
                if (engine instanceof QtlsClientProtocol c) {
                    c.connect();
                }
            }
            flushEngine();
            while (!engine.isHandshakeComplete()) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new SocketTimeoutException("Quantum TLS handshake timed out");
                }
                socket.setSoTimeout((int) Math.max(1, left));
                if (!readOnce()) {
                    throw new QtlsIOException(
                            "peer closed the connection during the handshake", null);
                }
            }
            socket.setSoTimeout(0);
        } catch (QtlsFatalAlert a) {
            flushQuietly();
            throw new QtlsIOException("Quantum TLS handshake failed: " + a.getMessage(), a);
        } catch (IOException | RuntimeException e) {
            // Timeout or transport gone: abandon the handshake (key accounted for, secrets gone).
            synchronized (engine) {
                engine.dispose();
            }
            flushQuietly();
            throw e;
        }
    }

    /** Reads once from the socket into the engine; false at end of stream. */
    private boolean readOnce() throws IOException, QtlsFatalAlert {
        int n = in.read(readBuffer);
        if (n < 0) {
            return false;
        }
        try {
            synchronized (engine) {
                engine.offerInput(readBuffer, 0, n);
            }
        } finally {
            flushEngine();
        }
        return true;
    }

    /**
     * Sends whatever the engine has queued. Never waits for another thread's socket write: a reader
     * that finds the write lock taken leaves its output to the holder, which checks again after
     * releasing (so bulk transfers both ways cannot deadlock on full TCP buffers).
     */
    private void flushEngine() throws IOException {
        while (hasOutput()) {
            if (!writeLock.tryLock()) {
                return; // the holder re-checks after unlocking
            }
            try {
                byte[] o;
                synchronized (engine) {
                    o = engine.readOutput();
                }
                if (o.length > 0) {
                    out.write(o);
                    out.flush();
                }
            } finally {
                writeLock.unlock();
            }
        }
    }

    private boolean hasOutput() {
        synchronized (engine) {
            return engine.availableOutputBytes() > 0;
        }
    }

    private void flushQuietly() {
        try {
            flushEngine();
        } catch (IOException ignored) {
            // the connection is failing anyway
        }
    }

    public QtlsSessionInfo sessionInfo() {
        synchronized (engine) {
            return engine.sessionInfo();
        }
    }

    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    /** Decrypted application data; -1 after close_notify or end of stream. */
    public InputStream getInputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return readApplication(b, off, len);
            }
        };
    }

    private int readApplication(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            readLock.lock();
            try {
                if (pendingPos < pending.length) {
                    int n = Math.min(len, pending.length - pendingPos);
                    System.arraycopy(pending, pendingPos, b, off, n);
                    pendingPos += n;
                    return n;
                }
                synchronized (engine) {
                    pending = engine.readApplicationData();
                    pendingPos = 0;
                    if (pending.length > 0) {
                        continue;
                    }
                    if (engine.isPeerClosed() || closed) {
                        return -1;
                    }
                    if (engine.failure() != null) {
                        throw new QtlsIOException(
                                "connection failed: " + engine.failure().getMessage(),
                                engine.failure());
                    }
                }
                try {
                    if (!readOnce()) {
                        return -1;
                    }
                } catch (QtlsFatalAlert a) {
                    throw new QtlsIOException("connection failed: " + a.getMessage(), a);
                }
            } finally {
                readLock.unlock();
            }
        }
    }

    /**
     * While the engine holds written data back for fresh QKD key (an in-band key refresh runs),
     * keeps received bytes flowing into it: reads the socket itself when no other thread is
     * reading, otherwise lets that reader feed the engine. Returns once the data went out.
     */
    private void awaitFreshKey() throws IOException {
        long deadline = System.nanoTime() + handshakeTimeout.toNanos();
        while (true) {
            synchronized (engine) {
                if (engine.failure() != null) {
                    throw new QtlsIOException(
                            "write failed: " + engine.failure().getMessage(), engine.failure());
                }
                if (!engine.isWaitingForKey()) {
                    return;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw refreshTimedOut();
            }
            if (!readLock.tryLock()) {
                LockSupport.parkNanos(1_000_000L); // the reading thread feeds the engine
                continue;
            }
            try {
                boolean waiting;
                synchronized (engine) {
                    waiting = engine.isWaitingForKey() && engine.failure() == null;
                }
                if (waiting) {
                    socket.setSoTimeout((int) Math.max(1, left / 1_000_000L));
                    try {
                        if (!readOnce()) {
                            throw new QtlsIOException(
                                    "peer closed the connection while this side waited for fresh"
                                            + " QKD key",
                                    null);
                        }
                    } catch (SocketTimeoutException e) {
                        throw refreshTimedOut();
                    } finally {
                        socket.setSoTimeout(0);
                    }
                }
            } catch (QtlsFatalAlert a) {
                throw new QtlsIOException("write failed: " + a.getMessage(), a);
            } finally {
                readLock.unlock();
            }
        }
    }

    /**
     * The peer did not complete a key refresh within the handshake timeout: fails the connection
     * with a handshake_failure alert sent to the peer, and returns the exception for the writer.
     */
    private QtlsIOException refreshTimedOut() {
        QtlsFatalAlert failure;
        synchronized (engine) {
            failure =
                    engine.abort(
                            new QtlsFatalAlert(
                                    AlertDescription.HANDSHAKE_FAILURE,
                                    "key refresh timed out after "
                                            + handshakeTimeout.toMillis()
                                            + " ms: the peer stopped answering"));
        }
        flushQuietly();
        return new QtlsIOException("write failed: " + failure.getMessage(), failure);
    }

    /**
     * Application data out; every write is protected and sent at once. A write held back for an
     * in-band key refresh fails (with a handshake_failure alert to the peer) if the refresh does
     * not complete within the configured handshake timeout.
     */
    public OutputStream getOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (closed) {
                    throw new IOException("Quantum TLS socket closed");
                }
                try {
                    synchronized (engine) {
                        engine.writeApplicationData(b, off, len);
                    }
                } catch (QtlsFatalAlert a) {
                    flushQuietly();
                    throw new QtlsIOException("write failed: " + a.getMessage(), a);
                } catch (IllegalStateException e) {
                    throw new IOException(e.getMessage());
                }
                QtlsSocket.this.flushEngine(); // not OutputStream.flush(), which does nothing
                awaitFreshKey();
            }

            @Override
            public void close() throws IOException {
                shutdownOutput();
            }
        };
    }

    /** Sends close_notify (the peer's reads end); reading may continue until the peer closes. */
    public void shutdownOutput() throws IOException {
        synchronized (engine) {
            engine.close();
        }
        flushQuietly();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            shutdownOutput();
        } finally {
            // No close_notify from the peer will be read any more: destroy the keys now.
            synchronized (engine) {
                engine.dispose();
            }
            socket.close();
        }
    }
}
