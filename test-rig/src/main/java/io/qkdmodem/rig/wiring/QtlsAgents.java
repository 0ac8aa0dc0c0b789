package io.qkdmodem.rig.wiring;

import io.qkdmodem.agent.qtls.AlertDescription;
import io.qkdmodem.agent.qtls.AuthenticationOrder;
import io.qkdmodem.agent.qtls.QtlsClientProtocol;
import io.qkdmodem.agent.qtls.QtlsConfig;
import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import io.qkdmodem.agent.qtls.QtlsServerProtocol;
import io.qkdmodem.agent.qtls.QtlsSessionInfo;
import io.qkdmodem.agent.qtls.discussion.PostProcessingDiscussion;
import io.qkdmodem.protocol.driver.ModemClient;
import io.qkdmodem.protocol.qkdconfig.QkdConfigProfile;
import io.qkdmodem.protocol.session.HostConfig;
import io.qkdmodem.protocol.session.PairingSecret;
import io.qkdmodem.protocol.session.ProtocolException;
import io.qkdmodem.rig.orchestration.AgentPair;
import io.qkdmodem.rig.orchestration.AgentPair.HandshakeFigures;
import io.qkdmodem.rig.orchestration.AgentPairFactory;
import io.qkdmodem.rig.orchestration.HandshakeAbortedException;
import io.qkdmodem.rig.orchestration.RigException;
import io.qkdmodem.rig.orchestration.Role;
import io.qkdmodem.rig.orchestration.Teardown;
import io.qkdmodem.rig.scenario.SourceProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two host agents, built from the host agent's Quantum TLS engines: each talks to its modem
 * with the modem protocol's client over its cable ({@link ModemKeySource}); the server agent
 * (Alice's side) accepts Quantum TLS on loopback and forwards each connection's data to the rig's
 * echo service, like {@code host-agent serve}; the client agent (Bob's side) opens connections as
 * the Java API does. The handshake, post-processing and record layer are the host agent's code; the
 * socket pumps around them are the rig's.
 */
public final class QtlsAgents implements AgentPairFactory {

    private static final Logger LOG = LoggerFactory.getLogger(QtlsAgents.class);
    private static final long HANDSHAKE_TIMEOUT_MS = 60_000;

    private final int siftedBitsPerHandshake;
    private final java.util.concurrent.CompletableFuture<RigPki> pki;

    /**
     * Starts making the agents' certificates at once (loading the crypto provider and generating
     * keys takes seconds on a small board), so that it overlaps with key accumulation.
     */
    public QtlsAgents(int siftedBitsPerHandshake) {
        this.siftedBitsPerHandshake = siftedBitsPerHandshake;
        this.pki = java.util.concurrent.CompletableFuture.supplyAsync(RigPki::create);
    }

    @Override
    public AgentPair start(Spec spec, Teardown teardown) throws RigException {
        long t0 = System.nanoTime();
        RigPki pki;
        try {
            pki = this.pki.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new RigException("cannot make the agents' certificates: " + e.getCause(), e);
        }
        long t1 = System.nanoTime();
        ModemClient alice = teardown.add("alice agent's modem client", connect(spec, Role.ALICE));
        ModemClient bob = teardown.add("bob agent's modem client", connect(spec, Role.BOB));
        LOG.info(
                "agents: certificates in {} ms, modem sessions opened in {} ms",
                (t1 - t0) / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000);
        AuthenticationOrder order =
                spec.profile() == SourceProfile.PAPER
                        ? AuthenticationOrder.PAPER
                        : AuthenticationOrder.DEFAULT;
        QtlsConfig.Builder server =
                QtlsConfig.builder()
                        .identity(pki.server.chain(), pki.server.key())
                        .trustAnchors(List.of(pki.ca))
                        .keySource(new ModemKeySource("alice's modem", alice, 1L << 40))
                        .discussionFactory(PostProcessingDiscussion.factory())
                        .siftedBitsPerHandshake(siftedBitsPerHandshake)
                        .authenticationOrder(order)
                        .handshakeTimeout(Duration.ofMillis(HANDSHAKE_TIMEOUT_MS));
        QtlsConfig.Builder client =
                QtlsConfig.builder()
                        .identity(pki.client.chain(), pki.client.key())
                        .trustAnchors(List.of(pki.ca))
                        .keySource(new ModemKeySource("bob's modem", bob, 2L << 40))
                        .discussionFactory(PostProcessingDiscussion.factory())
                        .siftedBitsPerHandshake(siftedBitsPerHandshake)
                        .authenticationOrder(order)
                        .handshakeTimeout(Duration.ofMillis(HANDSHAKE_TIMEOUT_MS));
        if (spec.profile() == SourceProfile.PAPER) {
            client.qkdConfiguration(QkdConfigProfile.PAPER_BB84.message());
        }
        ServerTunnel tunnel;
        try {
            tunnel =
                    teardown.add(
                            "server agent's tunnel",
                            new ServerTunnel(server.build(), spec.forwardTo()));
        } catch (IOException e) {
            throw new RigException(
                    "the server agent cannot listen on loopback: " + e.getMessage(), e);
        }
        QtlsConfig clientConfig = client.build();
        return teardown.add("client agent", new Pair(clientConfig, tunnel.address()));
    }

    private static ModemClient connect(Spec spec, Role role) throws RigException {
        byte[] secret;
        try {
            secret = spec.provisioning().readPairingSecret(role);
        } catch (IOException e) {
            throw new RigException(
                    "cannot read " + role.key() + "'s pairing secret: " + e.getMessage(), e);
        }
        PairingSecret pairing = PairingSecret.of(secret);
        Arrays.fill(secret, (byte) 0);
        HostConfig config =
                HostConfig.builder(
                                ("agent-" + role.key()).getBytes(StandardCharsets.UTF_8), pairing)
                        .responseTimeout(Duration.ofSeconds(2))
                        .build();
        try {
            return ModemClient.connect(spec.links().cable(role).hostEnd(), config);
        } catch (ProtocolException e) {
            throw new RigException(
                    role.key()
                            + "'s agent cannot open a session with its modem over "
                            + spec.links().cable(role).description()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    static String reason(QtlsFatalAlert f) {
        if (f.description() == AlertDescription.EAVESDROPPING_DETECTED) {
            return "eavesdropping detected: the QBER estimated in the handshake is above the"
                    + " abort threshold ("
                    + f.getMessage()
                    + ")";
        }
        return "handshake failed with alert "
                + f.description().name().toLowerCase(java.util.Locale.ROOT)
                + (f.getMessage() == null ? "" : ": " + f.getMessage());
    }

    /**
     * The client agent: each {@link #connect} is one Quantum TLS connection to the server agent.
     */
    private static final class Pair implements AgentPair {
        private final QtlsConfig config;
        private final InetSocketAddress server;
        private final List<Session> sessions = new CopyOnWriteArrayList<>();

        Pair(QtlsConfig config, InetSocketAddress server) {
            this.config = config;
            this.server = server;
        }

        @Override
        public TunnelSession connect() throws RigException, HandshakeAbortedException {
            long t0 = System.nanoTime();
            Socket socket;
            try {
                socket = new Socket(server.getAddress(), server.getPort());
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                throw new RigException(
                        "client agent cannot reach the server agent: " + e.getMessage(), e);
            }
            QtlsClientProtocol engine = new QtlsClientProtocol(config);
            Session session = new Session();
            EngineConnection conn;
            try {
                conn =
                        new EngineConnection(
                                "qtls-client", engine, socket, session::offer, session::end);
                session.conn = conn;
                conn.open(engine::connect);
                conn.start();
            } catch (IOException | QtlsFatalAlert e) {
                closeQuietly(socket);
                throw new RigException(
                        "client agent could not start a handshake: " + e.getMessage(), e);
            }
            boolean done;
            try {
                done = conn.awaitHandshake(HANDSHAKE_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                conn.close();
                throw new RigException("interrupted during the handshake");
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (!done) {
                QtlsFatalAlert f = conn.failure();
                conn.close();
                if (f != null) {
                    throw new HandshakeAbortedException(reason(f), Double.NaN, ms);
                }
                IOException io = conn.ioFailure();
                throw new HandshakeAbortedException(
                        io != null
                                ? "connection lost during the handshake: " + io.getMessage()
                                : "handshake did not complete within "
                                        + HANDSHAKE_TIMEOUT_MS
                                        + " ms",
                        Double.NaN,
                        ms);
            }
            QtlsSessionInfo info = engine.sessionInfo();
            session.figures =
                    new HandshakeFigures(
                            info.siftedBits(), info.qber(), 8L * info.finalKeyBytes(), ms);
            LOG.info("client agent: {}", info);
            sessions.add(session);
            return session;
        }

        @Override
        public void close() {
            for (Session s : sessions) {
                s.close();
            }
        }
    }

    /** One application connection on the client side, as streams. */
    private static final class Session implements AgentPair.TunnelSession {
        private static final byte[] EOF = new byte[0];
        private final LinkedBlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
        volatile EngineConnection conn;
        volatile HandshakeFigures figures;
        private final InputStream in =
                new InputStream() {
                    private byte[] current = new byte[0];
                    private int pos;
                    private boolean eof;

                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        int n = read(one, 0, 1);
                        return n < 0 ? -1 : one[0] & 0xff;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (eof) {
                            return -1;
                        }
                        while (pos == current.length) {
                            try {
                                byte[] next = inbound.poll(30, TimeUnit.SECONDS);
                                if (next == null) {
                                    throw new IOException("no data from the tunnel for 30 s");
                                }
                                if (next == EOF) {
                                    eof = true;
                                    return -1;
                                }
                                current = next;
                                pos = 0;
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IOException("interrupted");
                            }
                        }
                        int n = Math.min(len, current.length - pos);
                        System.arraycopy(current, pos, b, off, n);
                        pos += n;
                        return n;
                    }
                };
        private final OutputStream out =
                new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        conn.write(b, off, len);
                    }
                };

        void offer(byte[] data) {
            inbound.add(data);
        }

        void end() {
            inbound.add(EOF);
        }

        @Override
        public InputStream in() {
            return in;
        }

        @Override
        public OutputStream out() {
            return out;
        }

        @Override
        public HandshakeFigures figures() {
            return figures;
        }

        @Override
        public void close() {
            EngineConnection c = conn;
            if (c != null) {
                c.close();
            }
        }
    }

    /**
     * The server agent's tunnel: accepts Quantum TLS connections on loopback and, once a handshake
     * completes, joins the connection to a new TCP connection to {@code forwardTo}.
     */
    private static final class ServerTunnel implements AutoCloseable {
        private final QtlsConfig config;
        private final InetSocketAddress forwardTo;
        private final ServerSocket listener;
        private final Thread acceptor;
        private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();

        ServerTunnel(QtlsConfig config, InetSocketAddress forwardTo) throws IOException {
            this.config = config;
            this.forwardTo = forwardTo;
            this.listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            this.acceptor = new Thread(this::acceptLoop, "qtls-server-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) listener.getLocalSocketAddress();
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    s.setTcpNoDelay(true);
                    open.add(s);
                    serve(s);
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) throws IOException {
            QtlsServerProtocol engine = new QtlsServerProtocol(config);
            Socket[] forward = new Socket[1];
            EngineConnection[] self = new EngineConnection[1];
            EngineConnection conn =
                    new EngineConnection(
                            "qtls-server-" + s.getPort(),
                            engine,
                            s,
                            data -> {
                                try {
                                    if (forward[0] == null) {
                                        forward[0] = openForward(self[0]);
                                    }
                                    forward[0].getOutputStream().write(data);
                                } catch (IOException e) {
                                    LOG.warn("server agent: forwarding failed: {}", e.toString());
                                }
                            },
                            () -> {
                                if (forward[0] != null) {
                                    closeQuietly(forward[0]);
                                }
                            });
            self[0] = conn;
            open.add(conn);
            conn.start();
        }

        /** Connects to the forward target and pumps its replies back into the tunnel. */
        private Socket openForward(EngineConnection conn) throws IOException {
            Socket f = new Socket(forwardTo.getAddress(), forwardTo.getPort());
            f.setTcpNoDelay(true);
            open.add(f);
            Thread t =
                    new Thread(
                            () -> {
                                byte[] buf = new byte[16 * 1024];
                                try (InputStream in = f.getInputStream()) {
                                    int n;
                                    while ((n = in.read(buf)) >= 0) {
                                        conn.write(buf, 0, n);
                                    }
                                } catch (IOException e) {
                                    LOG.debug("server agent: forward ended: {}", e.toString());
                                }
                            },
                            "qtls-server-forward");
            t.setDaemon(true);
            threads.add(t);
            t.start();
            return f;
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debug("close: {}", e.toString());
                }
            }
            try {
                acceptor.join(2000);
                for (Thread t : threads) {
                    t.join(2000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("close: {}", e.toString());
        }
    }
}
