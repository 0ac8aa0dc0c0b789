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
}
