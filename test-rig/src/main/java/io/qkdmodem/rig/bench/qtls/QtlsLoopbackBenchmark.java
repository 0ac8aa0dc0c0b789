package io.qkdmodem.rig.bench.qtls;

import io.qkdmodem.agent.qtls.CipherSuite;
import io.qkdmodem.agent.qtls.QtlsConfig;
import io.qkdmodem.agent.qtls.discussion.PostProcessingDiscussion;
import io.qkdmodem.agent.qtls.keysource.InMemorySiftedKeySources;
import io.qkdmodem.agent.tunnel.QtlsServer;
import io.qkdmodem.agent.tunnel.QtlsSocket;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Quantum TLS beside the JDK's TLS 1.3 over real TCP sockets on 127.0.0.1, measured in one run:
 * Quantum TLS through its socket API ({@link QtlsServer}, {@link QtlsSocket}), the JDK through
 * {@link SSLServerSocket} / {@link SSLSocket}. Both use mutual ECDSA P-256 authentication with
 * self-signed certificates made here (each side trusts the other's certificate), and the same
 * record algorithm per {@code cipher}: Quantum TLS suite QKD_BB84_WITH_AES_256_GCM_SHA256 beside
 * TLS_AES_256_GCM_SHA384, QKD_BB84_WITH_CHACHA20_POLY1305_SHA256 beside
 * TLS_CHACHA20_POLY1305_SHA256.
 *
 * <ul>
 *   <li>{@code *Handshake}: TCP connect, full handshake, close. Quantum TLS includes the BB84
 *       discussion (sample estimate, Cascade, verification, privacy amplification) on 65,536 sifted
 *       bits at 2 % bit-error rate from in-memory modems; the JDK's sessions are invalidated after
 *       each handshake, so every one is a full handshake (no resumption).
 *   <li>{@code *Transfer}: on one established connection, the client writes 256 KiB in 16 KiB
 *       writes and waits for the server's one-byte acknowledgement after reading all of it.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class QtlsLoopbackBenchmark {
    private static final BenchPki.Identity SERVER = BenchPki.selfSigned("bench-server");
    private static final BenchPki.Identity CLIENT = BenchPki.selfSigned("bench-client");

    /** Bytes per transfer operation. */
    public static final int TRANSFER_BYTES = 256 * 1024;

    private static final int WRITE_BYTES = 16 * 1024;

    @Param({"AES_256_GCM", "CHACHA20_POLY1305"})
    public String cipher;

    private final byte[] chunk = new byte[WRITE_BYTES];
    private final ExecutorService jdkThreads = Executors.newCachedThreadPool(daemon());
    private InMemorySiftedKeySources keys;
    private QtlsConfig qtlsClientConfig;
    private QtlsServer qtlsHandshakeServer;
    private QtlsServer qtlsTransferServer;
    private QtlsSocket qtlsConnection;
    private SSLContext jdkClientContext;
    private SSLServerSocket jdkHandshakeServer;
    private SSLServerSocket jdkTransferServer;
    private SSLSocket jdkConnection;

    private CipherSuite qtlsSuite() {
        return cipher.equals("AES_256_GCM")
                ? CipherSuite.QKD_BB84_WITH_AES_256_GCM_SHA256
                : CipherSuite.QKD_BB84_WITH_CHACHA20_POLY1305_SHA256;
    }

    private String jdkSuite() {
        return cipher.equals("AES_256_GCM")
                ? "TLS_AES_256_GCM_SHA384"
                : "TLS_CHACHA20_POLY1305_SHA256";
    }

    private QtlsConfig qtlsConfig(boolean server) {
        BenchPki.Identity me = server ? SERVER : CLIENT;
        BenchPki.Identity peer = server ? CLIENT : SERVER;
        return QtlsConfig.builder()
                .identity(List.of(me.cert()), me.keys().getPrivate())
                .trustAnchors(List.of(peer.cert()))
                .cipherSuites(List.of(qtlsSuite()))
                .keySource(server ? keys.alice() : keys.bob())
                .discussionFactory(PostProcessingDiscussion.factory())
                .build();
    }

    private static SSLContext jdkContext(BenchPki.Identity me, BenchPki.Identity peer)
            throws Exception {
        char[] pw = "bench".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, pw);
        ks.setKeyEntry("me", me.keys().getPrivate(), pw, new Certificate[] {me.cert()});
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, pw);
        ts.setCertificateEntry("peer", peer.cert());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, pw);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        SSLContext c = SSLContext.getInstance("TLSv1.3");
        c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        keys = new InMemorySiftedKeySources(20261126L, 0.02);
        QtlsConfig serverConfig = qtlsConfig(true);
        qtlsClientConfig = qtlsConfig(false);
        qtlsHandshakeServer =
                new QtlsServer(loopback(), serverConfig, 4, QtlsLoopbackBenchmark::closeQuietly)
                        .start();
        qtlsTransferServer =
                new QtlsServer(
                                loopback(),
                                serverConfig,
                                4,
                                s -> sink(s.getInputStream(), s.getOutputStream()))
                        .start();
        qtlsConnection = QtlsSocket.connect(qtlsTransferServer.localAddress(), qtlsClientConfig);

        SSLContext server = jdkContext(SERVER, CLIENT);
        jdkClientContext = jdkContext(CLIENT, SERVER);
        jdkHandshakeServer = jdkServer(server);
        jdkTransferServer = jdkServer(server);
        jdkThreads.execute(() -> jdkAcceptLoop(jdkHandshakeServer, false));
        jdkThreads.execute(() -> jdkAcceptLoop(jdkTransferServer, true));
        jdkConnection = jdkConnect(jdkTransferServer);
    }

    private SSLServerSocket jdkServer(SSLContext c) throws IOException {
        SSLServerSocket s = (SSLServerSocket) c.getServerSocketFactory().createServerSocket();
        s.bind(loopback(), 64);
        s.setNeedClientAuth(true);
        s.setEnabledProtocols(new String[] {"TLSv1.3"});
        s.setEnabledCipherSuites(new String[] {jdkSuite()});
        return s;
    }

    private void jdkAcceptLoop(ServerSocket listener, boolean transfer) {
        while (!listener.isClosed()) {
            try {
                SSLSocket s = (SSLSocket) listener.accept();
                jdkThreads.execute(
                        () -> {
                            try (s) {
                                s.setTcpNoDelay(true);
                                s.startHandshake();
                                if (transfer) {
                                    sink(s.getInputStream(), s.getOutputStream());
                                } else {
                                    s.getSession().invalidate();
                                    // Wait for the client's close so its Finished is read.
                                    s.getInputStream().read();
                                }
                            } catch (IOException e) {
                                // the client went away
                            }
                        });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private SSLSocket jdkConnect(ServerSocket server) throws IOException {
        SSLSocket s =
                (SSLSocket)
                        jdkClientContext
                                .getSocketFactory()
                                .createSocket(
                                        InetAddress.getLoopbackAddress(), server.getLocalPort());
        s.setTcpNoDelay(true);
        s.setEnabledProtocols(new String[] {"TLSv1.3"});
        s.setEnabledCipherSuites(new String[] {jdkSuite()});
        s.startHandshake();
        return s;
    }

    /** Server side of a transfer: reads TRANSFER_BYTES, answers one byte; until end of stream. */
    private static void sink(InputStream in, OutputStream out) {
        byte[] buf = new byte[64 * 1024];
        try {
            while (true) {
                int left = TRANSFER_BYTES;
                while (left > 0) {
                    int n = in.read(buf, 0, Math.min(buf.length, left));
                    if (n < 0) {
                        return;
                    }
                    left -= n;
                }
                out.write(1);
                out.flush();
            }
        } catch (IOException e) {
            // connection closed at tear-down
        }
    }

    private static void closeQuietly(QtlsSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        qtlsConnection.close();
        jdkConnection.close();
        qtlsHandshakeServer.close();
        qtlsTransferServer.close();
        jdkHandshakeServer.close();
        jdkTransferServer.close();
        jdkThreads.shutdownNow();
    }

    @Benchmark
    public boolean qtlsHandshake() throws IOException {
        try (QtlsSocket s =
                QtlsSocket.connect(qtlsHandshakeServer.localAddress(), qtlsClientConfig)) {
            return s.sessionInfo() != null;
        }
    }

    @Benchmark
    public boolean jdkTls13Handshake() throws IOException {
        try (SSLSocket s = jdkConnect(jdkHandshakeServer)) {
            boolean ok = s.getSession().isValid();
            s.getSession().invalidate();
            return ok;
        }
    }

    @Benchmark
    public int qtlsTransfer() throws IOException {
        return transfer(qtlsConnection.getOutputStream(), qtlsConnection.getInputStream());
    }

    @Benchmark
    public int jdkTls13Transfer() throws IOException {
        return transfer(jdkConnection.getOutputStream(), jdkConnection.getInputStream());
    }

    private int transfer(OutputStream out, InputStream in) throws IOException {
        for (int sent = 0; sent < TRANSFER_BYTES; sent += WRITE_BYTES) {
            out.write(chunk, 0, WRITE_BYTES);
        }
        out.flush();
        int ack = new DataInputStream(in).read();
        if (ack != 1) {
            throw new IOException("no acknowledgement");
        }
        return ack;
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "jdk-tls-bench");
            t.setDaemon(true);
            return t;
        };
    }
}
