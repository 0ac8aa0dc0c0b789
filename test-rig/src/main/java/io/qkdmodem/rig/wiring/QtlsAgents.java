package io.qkdmodem.rig.wiring;

import io.qkdmodem.agent.postprocessing.PostProcessingConfig;
import io.qkdmodem.agent.postprocessing.estimation.RandomSample;
import io.qkdmodem.agent.postprocessing.keyrate.FiniteKey;
import io.qkdmodem.agent.qtls.AlertDescription;
import io.qkdmodem.agent.qtls.AuthenticationOrder;
import io.qkdmodem.agent.qtls.QtlsConfig;
import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import io.qkdmodem.agent.qtls.QtlsSessionInfo;
import io.qkdmodem.agent.qtls.discussion.DiscussionParameters;
import io.qkdmodem.agent.qtls.discussion.PostProcessingDiscussion;
import io.qkdmodem.agent.qtls.discussion.SourceModel;
import io.qkdmodem.agent.qtls.keysource.ModemSiftedKeySource;
import io.qkdmodem.agent.tunnel.QtlsIOException;
import io.qkdmodem.agent.tunnel.QtlsSocket;
import io.qkdmodem.agent.tunnel.Tunnel;
import io.qkdmodem.protocol.driver.ModemClient;
import io.qkdmodem.protocol.qkdconfig.QkdConfigProfile;
import io.qkdmodem.rig.orchestration.AgentPair;
import io.qkdmodem.rig.orchestration.AgentPair.HandshakeFigures;
import io.qkdmodem.rig.orchestration.AgentPairFactory;
import io.qkdmodem.rig.orchestration.HandshakeAbortedException;
import io.qkdmodem.rig.orchestration.RigException;
import io.qkdmodem.rig.orchestration.Role;
import io.qkdmodem.rig.orchestration.Teardown;
import io.qkdmodem.rig.scenario.ChannelModel;
import io.qkdmodem.rig.scenario.SourceProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two host agents, built from the host agent's own parts: each talks to its modem with the
 * modem protocol's client over its cable ({@link ModemSiftedKeySource}); the server agent (Alice's
 * side) is the host agent's {@link Tunnel#server} on loopback, forwarding each connection to the
 * rig's echo service as {@code host-agent serve} does; the client agent (Bob's side) opens
 * connections with the host agent's Java API ({@link QtlsSocket}).
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
        // The default profile's weak coherent pulses: whole blocks with their decoy-state counts
        // and the decoy-state bound (Lim et al. 2014); the paper's single-photon source: the
        // single-photon bound (Tomamichel et al. 2012).
        boolean weakCoherent = spec.profile() == SourceProfile.DEFAULT;
        ChannelModel source = ChannelModel.standard(spec.profile(), 0, 0);
        SourceModel model = weakCoherent ? SourceModel.WEAK_COHERENT : SourceModel.SINGLE_PHOTON;
        QtlsConfig.Builder server =
                QtlsConfig.builder()
                        .identity(pki.server.chain(), pki.server.key())
                        .trustAnchors(List.of(pki.ca))
                        .keySource(keySource(alice, weakCoherent, source))
                        .discussionFactory(PostProcessingDiscussion.factory(model))
                        .siftedBitsPerHandshake(siftedBitsPerHandshake)
                        .authenticationOrder(order)
                        .handshakeTimeout(Duration.ofMillis(HANDSHAKE_TIMEOUT_MS));
        QtlsConfig.Builder client =
                QtlsConfig.builder()
                        .identity(pki.client.chain(), pki.client.key())
                        .trustAnchors(List.of(pki.ca))
                        .keySource(keySource(bob, weakCoherent, source))
                        .discussionFactory(PostProcessingDiscussion.factory(model))
                        .siftedBitsPerHandshake(siftedBitsPerHandshake)
                        .authenticationOrder(order)
                        .handshakeTimeout(Duration.ofMillis(HANDSHAKE_TIMEOUT_MS));
        if (spec.profile() == SourceProfile.PAPER) {
            client.qkdConfiguration(QkdConfigProfile.PAPER_BB84.message());
        }
        Tunnel tunnel;
        try {
            tunnel =
                    teardown.add(
                            "server agent's tunnel",
                            Tunnel.server(
                                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                                    spec.forwardTo(),
                                    server.build(),
                                    4));
        } catch (IOException e) {
            throw new RigException(
                    "the server agent cannot listen on loopback: " + e.getMessage(), e);
        }
        QtlsConfig clientConfig = client.build();
        return teardown.add(
                "client agent", new Pair(clientConfig, tunnel.localAddress(), weakCoherent));
    }

    private static ModemSiftedKeySource keySource(
            ModemClient client, boolean weakCoherent, ChannelModel source) {
        return weakCoherent
                ? ModemSiftedKeySource.withDecoyModel(
                        client, source.intensities(), source.intensityProbabilities())
                : new ModemSiftedKeySource(client);
    }

    /**
     * The single-photon bound (Tomamichel et al. 2012) on a handshake's figures: the same sifted
     * bits, sample, QBER estimate and leak as the discussion had, as {@code PostProcessor} sizes a
     * key without decoy counts.
     */
    static long singlePhotonBits(int siftedBits, double qber, long leakedBits) {
        PostProcessingConfig c = PostProcessingDiscussion.config(DiscussionParameters.DEFAULT);
        int sample = RandomSample.size(siftedBits, c.sampleFraction(), c.minSampleBits());
        double corBits = -Math.log(c.epsCor()) / Math.log(2);
        long l =
                FiniteKey.tomamichel2012(
                        siftedBits - sample,
                        sample,
                        qber,
                        Math.max(0, leakedBits - corBits),
                        c.epsSec(),
                        c.epsCor());
        return Math.min(l, siftedBits - sample);
    }

    private static ModemClient connect(Spec spec, Role role) throws RigException {
        return ModemSessions.open(
                spec.links().cable(role).hostEnd(),
                spec.links().cable(role).description(),
                spec.provisioning(),
                role,
                "agent");
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
        private final boolean weakCoherent;
        private final List<QtlsSocket> sessions = new CopyOnWriteArrayList<>();

        Pair(QtlsConfig config, InetSocketAddress server, boolean weakCoherent) {
            this.weakCoherent = weakCoherent;
            this.config = config;
            this.server = server;
        }

        @Override
        public TunnelSession connect() throws HandshakeAbortedException {
            long t0 = System.nanoTime();
            QtlsSocket socket;
            try {
                socket = QtlsSocket.connect(server, config);
            } catch (QtlsIOException e) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                throw new HandshakeAbortedException(
                        e.alert() != null
                                ? reason(e.alert())
                                : "handshake failed: " + e.getMessage(),
                        e.alert() != null
                                ? e.alert().estimatedQber().orElse(Double.NaN)
                                : Double.NaN,
                        ms);
            } catch (IOException e) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                throw new HandshakeAbortedException(
                        "handshake failed: " + e.getMessage(), Double.NaN, ms);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            sessions.add(socket);
            QtlsSessionInfo info = socket.sessionInfo();
            LOG.info("client agent: {}", info);
            HandshakeFigures figures =
                    new HandshakeFigures(
                            info.siftedBits(),
                            info.qber(),
                            8L * info.finalKeyBytes(),
                            ms,
                            weakCoherent
                                    ? singlePhotonBits(
                                            info.siftedBits(), info.qber(), info.leakedBits())
                                    : 8L * info.finalKeyBytes());
            return new TunnelSession() {
                @Override
                public InputStream in() {
                    return socket.getInputStream();
                }

                @Override
                public OutputStream out() {
                    return socket.getOutputStream();
                }

                @Override
                public HandshakeFigures figures() {
                    return figures;
                }

                @Override
                public void close() throws IOException {
                    socket.close();
                }
            };
        }

        @Override
        public void close() throws IOException {
            for (QtlsSocket s : sessions) {
                s.close();
            }
        }
    }
}
