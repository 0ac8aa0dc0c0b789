package io.qkdmodem.agent.tunnel;

import io.qkdmodem.agent.qtls.QtlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two ends of a tunnel. {@link #client} listens for plain TCP locally and carries each
 * connection to the peer agent over its own Quantum TLS connection; {@link #server} accepts Quantum
 * TLS and forwards each connection to a local TCP service.
 */
public final class Tunnel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Tunnel.class);

    private final AutoCloseable resource;
    private final InetSocketAddress localAddress;

    private Tunnel(AutoCloseable resource, InetSocketAddress localAddress) {
        this.resource = resource;
        this.localAddress = localAddress;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** {@code serve}: Quantum TLS on {@code bind}, each connection forwarded to {@code target}. */
    public static Tunnel server(
            InetSocketAddress bind, InetSocketAddress target, QtlsConfig config, int maxConnections)
            throws IOException {
        QtlsServer[] holder = new QtlsServer[1];
        QtlsServer server =
                new QtlsServer(
                        bind,
                        config,
                        maxConnections,
                        q -> {
                            try (Socket plain = new Socket()) {
                                plain.connect(target, 10_000);
                                Forwarder.bridge(plain, q, holder[0].pool());
                            } catch (IOException e) {
                                LOG.warn("cannot reach {}: {}", target, e.getMessage());
                                try {
                                    q.close();
                                } catch (IOException ignored) {
                                    // closing
                                }
                            }
                        });
        holder[0] = server;
        server.start();
        return new Tunnel(server, server.localAddress());
    }

    /** {@code tunnel}: plain TCP on {@code bind}, each connection carried to {@code peer}. */
    public static Tunnel client(InetSocketAddress bind, InetSocketAddress peer, QtlsConfig config)
            throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(bind, 64);
        ExecutorService pool = Executors.newCachedThreadPool(QtlsServer.daemon("tunnel"));
        Thread acceptor =
                QtlsServer.daemon("tunnel-accept")
                        .newThread(
                                () -> {
                                    while (!listener.isClosed()) {
                                        try {
                                            Socket plain = listener.accept();
                                            pool.execute(() -> carry(plain, peer, config, pool));
                                        } catch (SocketException e) {
                                            break;
                                        } catch (IOException e) {
                                            LOG.warn("accept failed: {}", e.getMessage());
                                        }
                                    }
                                });
        acceptor.start();
        AutoCloseable closer =
                () -> {
                    listener.close();
                    pool.shutdownNow();
                };
        return new Tunnel(closer, (InetSocketAddress) listener.getLocalSocketAddress());
    }

    private static void carry(
            Socket plain, InetSocketAddress peer, QtlsConfig config, ExecutorService pool) {
        try {
            QtlsSocket q = QtlsSocket.connect(peer, config);
            LOG.info("tunnel to {}: {}", peer, q.sessionInfo());
            Forwarder.bridge(plain, q, pool);
        } catch (IOException e) {
            LOG.warn("tunnel to {} failed: {}", peer, e.getMessage());
            Forwarder.closeQuietly(plain);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            resource.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
