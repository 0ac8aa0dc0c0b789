package io.qkdmodem.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.agent.qtls.AlertDescription;
import io.qkdmodem.agent.qtls.crypto.JcaQtlsCrypto;
import io.qkdmodem.agent.qtls.discussion.PostProcessingDiscussion;
import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.RecordingCrypto;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The socket-like API and the tunnel over loopback TCP, with in-memory modems at 2 % QBER. */
class TunnelTest {
    private static final InetSocketAddress ANY_LOOPBACK =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static Agents agents(long seed) {
        Agents a = new Agents(seed, 0.02, PostProcessingDiscussion.factory());
        // Real time here: sockets, threads; certificates are valid around TestPki.NOW only.
        a.client.clock(
                Clock.fixed(io.qkdmodem.agent.qtls.testing.TestPki.NOW, java.time.ZoneOffset.UTC));
        return a;
    }

    @Test
    void socketApiCarriesStreamsBothWays() throws Exception {
        Agents a = agents(31);
        try (QtlsServer server =
                new QtlsServer(
                                ANY_LOOPBACK,
                                a.server.build(),
                                4,
                                q -> {
                                    try (q) {
                                        // Echo, upper-cased.
                                        InputStream in = q.getInputStream();
                                        OutputStream out = q.getOutputStream();
                                        byte[] buf = new byte[1024];
                                        int n;
                                        while ((n = in.read(buf)) >= 0) {
                                            out.write(
                                                    new String(buf, 0, n, StandardCharsets.US_ASCII)
                                                            .toUpperCase()
                                                            .getBytes(StandardCharsets.US_ASCII));
                                        }
                                    } catch (IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                })
                        .start()) {
            try (QtlsSocket q = QtlsSocket.connect(server.localAddress(), a.client.build())) {
                assertThat(q.sessionInfo().peerSubject()).isEqualTo("CN=server-agent");
                q.getOutputStream().write("quantum".getBytes(StandardCharsets.US_ASCII));
                byte[] got = new byte[7];
                new DataInputStream(q.getInputStream()).readFully(got);
                assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("QUANTUM");
            }
        }
    }

    @Test
    void tunnelCarriesManyConcurrentConnections() throws Exception {
        Agents a = agents(32);
        ExecutorService pool = Executors.newCachedThreadPool();
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            pool.execute(
                    () -> {
                        while (!echo.isClosed()) {
                            try {
                                Socket s = echo.accept();
                                pool.execute(
                                        () -> {
                                            try (s) {
                                                Forwarder.copy(
                                                        s.getInputStream(), s.getOutputStream());
                                            } catch (IOException ignored) {
                                                // peer gone
                                            }
                                        });
                            } catch (IOException e) {
                                return;
                            }
                        }
                    });
            try (Tunnel serve =
                            Tunnel.server(
                                    ANY_LOOPBACK,
                                    (InetSocketAddress) echo.getLocalSocketAddress(),
                                    a.server.build(),
                                    16);
                    Tunnel tunnel =
                            Tunnel.client(ANY_LOOPBACK, serve.localAddress(), a.client.build())) {
                List<Future<byte[]>> results = new ArrayList<>();
                List<byte[]> sent = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    byte[] data = new byte[50_000 + i];
                    new Random(i).nextBytes(data);
                    sent.add(data);
                    results.add(
                            pool.submit(
                                    () -> {
                                        try (Socket s = new Socket()) {
                                            s.connect(tunnel.localAddress(), 30_000);
                                            s.setSoTimeout(60_000);
                                            s.getOutputStream().write(data);
                                            s.shutdownOutput();
                                            return s.getInputStream().readAllBytes();
                                        }
                                    }));
                }
                for (int i = 0; i < 6; i++) {
                    byte[] got = results.get(i).get();
                    int first = java.util.Arrays.mismatch(got, sent.get(i));
                    assertThat(first)
                            .as(
                                    "connection %d: %d bytes back of %d",
                                    i, got.length, sent.get(i).length)
                            .isEqualTo(-1);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Audit finding 13: closing the socket destroys the record keys now; the peer's close_notify
     * that would have ended the connection in the engine is never read after the socket closed.
     */
    @Test
    void closingTheSocketDestroysItsRecordKeys() throws Exception {
        Agents a = agents(34);
        RecordingCrypto clientCrypto = new RecordingCrypto(new JcaQtlsCrypto(Agents.seeded(34)));
        a.client.crypto(clientCrypto);
        try (QtlsServer server =
                new QtlsServer(
                                ANY_LOOPBACK,
                                a.server.build(),
                                2,
                                q -> {
                                    try (q) {
                                        q.getOutputStream().write(q.getInputStream().read());
                                        q.getInputStream().read(); // until close_notify
                                    } catch (IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                })
                        .start()) {
            QtlsSocket q = QtlsSocket.connect(server.localAddress(), a.client.build());
            q.getOutputStream().write(7);
            assertThat(q.getInputStream().read()).isEqualTo(7);
            assertThat(clientCrypto.created()).hasSize(2);
            q.close();
            assertThat(clientCrypto.created()).allMatch(p -> p.isDestroyed());
        }
    }

    @Test
    void handshakeFailureSurfacesTheAlert() throws Exception {
        Agents a = new Agents(33, 0.25, PostProcessingDiscussion.factory());
        try (QtlsServer server =
                new QtlsServer(ANY_LOOPBACK, a.server.build(), 2, q -> {}).start()) {
            assertThatThrownBy(() -> QtlsSocket.connect(server.localAddress(), a.client.build()))
                    .isInstanceOf(QtlsIOException.class)
                    .extracting(e -> ((QtlsIOException) e).description())
                    .isEqualTo(AlertDescription.EAVESDROPPING_DETECTED);
        }
    }

    private static Agents otpAgents(long seed, long capacityBits) {
        Agents a =
                new Agents(
                        seed,
                        0.0,
                        io.qkdmodem.agent.qtls.testing.NoCorrectionDiscussion.factory(4096),
                        capacityBits);
        a.client.qkdConfiguration(
                io.qkdmodem.protocol.qkdconfig.QkdConfigProfile.PAPER_BB84.message().toBuilder()
                        .ttl(1, io.qkdmodem.protocol.qkdconfig.TtlUnit.MESSAGES)
                        .build());
        return a;
    }

    /** Server handler: reads until close_notify, answers the byte count and a checksum. */
    private static void countAndSum(QtlsSocket q) {
        try (q) {
            InputStream in = q.getInputStream();
            byte[] buf = new byte[4096];
            long count = 0;
            long sum = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    sum = sum * 31 + buf[i];
                }
                count += n;
            }
            java.io.DataOutputStream out = new java.io.DataOutputStream(q.getOutputStream());
            out.writeLong(count);
            out.writeLong(sum);
            q.shutdownOutput();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * One-time pads over a socket, one way, many times the session's spare key: the writing thread
     * is the only one touching the socket, so it must drive the in-band key refreshes itself.
     */
    @Test
    void aLoneWriterDrivesTheInBandKeyRefreshes() throws Exception {
        Agents a = otpAgents(35, Long.MAX_VALUE);
        try (QtlsServer server =
                new QtlsServer(ANY_LOOPBACK, a.server.build(), 2, TunnelTest::countAndSum)
                        .start()) {
            byte[] data = new byte[20_000];
            new Random(35).nextBytes(data);
            long sum = 0;
            for (byte b : data) {
                sum = sum * 31 + b;
            }
            try (QtlsSocket q = QtlsSocket.connect(server.localAddress(), a.client.build())) {
                OutputStream out = q.getOutputStream();
                for (int off = 0; off < data.length; off += 1000) {
                    out.write(data, off, 1000);
                }
                q.shutdownOutput();
                DataInputStream in = new DataInputStream(q.getInputStream());
                assertThat(in.readLong()).isEqualTo(data.length);
                assertThat(in.readLong()).isEqualTo(sum);
            }
        }
    }

    /** The same with a reader thread busy on the socket while another thread writes. */
    @Test
    void aWriterWaitsWhileTheReaderThreadFeedsTheRefresh() throws Exception {
        Agents a = otpAgents(36, Long.MAX_VALUE);
        try (QtlsServer server =
                new QtlsServer(
                                ANY_LOOPBACK,
                                a.server.build(),
                                2,
                                q -> {
                                    try (q) {
                                        // Echo: the server's direction needs refreshes too.
                                        InputStream in = q.getInputStream();
                                        OutputStream out = q.getOutputStream();
                                        byte[] buf = new byte[2048];
                                        int n;
                                        while ((n = in.read(buf)) >= 0) {
                                            out.write(buf, 0, n);
                                        }
                                    } catch (IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                })
                        .start()) {
            byte[] data = new byte[12_000];
            new Random(36).nextBytes(data);
            ExecutorService reader = Executors.newSingleThreadExecutor();
            try (QtlsSocket q = QtlsSocket.connect(server.localAddress(), a.client.build())) {
                Future<byte[]> echoed =
                        reader.submit(
                                () -> {
                                    byte[] got = new byte[data.length];
                                    new DataInputStream(q.getInputStream()).readFully(got);
                                    return got;
                                });
                OutputStream out = q.getOutputStream();
                for (int off = 0; off < data.length; off += 500) {
                    out.write(data, off, 500);
                }
                assertThat(echoed.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(data);
            } finally {
                reader.shutdownNow();
            }
        }
    }

    /** The modems run dry: the writer gets the qkd_key_exhausted alert, not a hang. */
    @Test
    void aWriterSeesQkdKeyExhaustedWhenTheModemsRunDry() throws Exception {
        Agents a = otpAgents(37, 1 << 16); // the handshake's block only
        try (QtlsServer server =
                new QtlsServer(ANY_LOOPBACK, a.server.build(), 2, TunnelTest::drain).start()) {
            try (QtlsSocket q = QtlsSocket.connect(server.localAddress(), a.client.build())) {
                OutputStream out = q.getOutputStream();
                assertThatThrownBy(
                                () -> {
                                    for (int i = 0; i < 100; i++) {
                                        out.write(new byte[1000]);
                                    }
                                })
                        .isInstanceOf(QtlsIOException.class)
                        .extracting(e -> ((QtlsIOException) e).description())
                        .isEqualTo(AlertDescription.QKD_KEY_EXHAUSTED);
            }
        }
    }

    /**
     * The peer stops answering in the middle of an in-band key refresh (a proxy that swallows
     * everything from then on, the connection staying open): the held-back write fails with the
     * refresh timeout instead of hanging, and the connection is failed.
     */
    @Test
    void aWriterGivesUpOnAKeyRefreshThePeerStopsAnswering() throws Exception {
        Agents a = otpAgents(38, Long.MAX_VALUE);
        a.client.handshakeTimeout(java.time.Duration.ofSeconds(3));
        java.util.concurrent.atomic.AtomicBoolean stall =
                new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService pool = Executors.newCachedThreadPool();
        try (QtlsServer server =
                        new QtlsServer(ANY_LOOPBACK, a.server.build(), 2, TunnelTest::drain)
                                .start();
                ServerSocket proxy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            pool.submit(
                    () -> {
                        try (Socket fromClient = proxy.accept();
                                Socket toServer = new Socket()) {
                            toServer.connect(server.localAddress());
                            Future<?> up = pool.submit(() -> pipe(fromClient, toServer, stall));
                            pipe(toServer, fromClient, stall);
                            up.get();
                        }
                        return null;
                    });
            InetSocketAddress via =
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.getLocalPort());
            try (QtlsSocket q = QtlsSocket.connect(via, a.client.build())) {
                stall.set(true);
                OutputStream out = q.getOutputStream();
                Future<?> writing =
                        pool.submit(
                                () -> {
                                    for (int i = 0; i < 1000; i++) {
                                        out.write(new byte[1000]);
                                    }
                                    return null;
                                });
                assertThatThrownBy(() -> writing.get(60, java.util.concurrent.TimeUnit.SECONDS))
                        .hasCauseInstanceOf(QtlsIOException.class)
                        .cause()
                        .hasMessageContaining("key refresh timed out")
                        .extracting(e -> ((QtlsIOException) e).description())
                        .isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
                assertThatThrownBy(() -> out.write(new byte[1])).isInstanceOf(IOException.class);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Copies {@code from} to {@code to} until end of stream; swallows everything once stalled. */
    private static Void pipe(
            Socket from, Socket to, java.util.concurrent.atomic.AtomicBoolean stall) {
        byte[] buf = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (!stall.get()) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
        return null;
    }

    private static void drain(QtlsSocket q) {
        try (q) {
            InputStream in = q.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // discard
            }
        } catch (IOException e) {
            // the connection ends with the alert
        }
    }
}
