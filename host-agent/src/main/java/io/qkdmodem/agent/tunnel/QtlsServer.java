package io.qkdmodem.agent.tunnel;

import io.qkdmodem.agent.qtls.QtlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts Quantum TLS connections and hands each, after its handshake, to a handler on its own
 * thread; at most {@code maxConnections} at once (further peers wait in the accept backlog).
 */
public final class QtlsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QtlsServer.class);

    private final ServerSocket listener;
    private final QtlsConfig config;
    private final Consumer<QtlsSocket> handler;
    private final ExecutorService pool = Executors.newCachedThreadPool(daemon("qtls-conn"));
    private final Semaphore slots;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong established = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private Thread acceptor;

    public QtlsServer(
            InetSocketAddress bind,
            QtlsConfig config,
            int maxConnections,
            Consumer<QtlsSocket> handler)
            throws IOException {
        this.listener = new ServerSocket();
        this.listener.setReuseAddress(true);
        this.listener.bind(bind, 64);
        this.config = config;
        this.handler = handler;
        this.slots = new Semaphore(maxConnections);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** Starts accepting on a background thread. */
    public QtlsServer start() {
        acceptor = daemon("qtls-accept").newThread(this::acceptLoop);
        acceptor.start();
        return this;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                slots.acquire();
                Socket s = listener.accept();
                accepted.incrementAndGet();
                pool.execute(() -> serve(s));
            } catch (SocketException e) {
                slots.release();
                break; // closed
            } catch (IOException e) {
                slots.release();
                LOG.warn("accept failed: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private void serve(Socket s) {
        try {
            QtlsSocket q = QtlsSocket.accept(s, config);
            established.incrementAndGet();
            LOG.info("accepted {}: {}", s.getRemoteSocketAddress(), q.sessionInfo());
            handler.accept(q);
        } catch (IOException e) {
            failed.incrementAndGet();
            LOG.warn("connection from {} failed: {}", s.getRemoteSocketAddress(), e.getMessage());
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.warn("handler failed for {}", s.getRemoteSocketAddress(), e);
        } finally {
            slots.release();
            Forwarder.closeQuietly(s);
        }
    }

    public ExecutorService pool() {
        return pool;
    }

    /** Connections accepted, handshakes completed, handshakes failed. */
    public long[] counters() {
        return new long[] {accepted.get(), established.get(), failed.get()};
    }

    @Override
    public void close() throws IOException {
        listener.close();
        pool.shutdownNow();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
