package io.qkdmodem.rig.bench.qtls;

import io.qkdmodem.agent.qtls.CipherSuite;
import io.qkdmodem.agent.qtls.QtlsClientProtocol;
import io.qkdmodem.agent.qtls.QtlsConfig;
import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import io.qkdmodem.agent.qtls.QtlsProtocol;
import io.qkdmodem.agent.qtls.QtlsServerProtocol;
import io.qkdmodem.agent.qtls.discussion.PostProcessingDiscussion;
import io.qkdmodem.agent.qtls.keysource.InMemorySiftedKeySources;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
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

/**
 * Quantum TLS beside the JDK's TLS 1.3, measured in one run, both as sans-IO engines pumped in
 * memory (no sockets: the comparison is of protocol and crypto cost, not of the kernel):
 *
 * <ul>
 *   <li>{@code qtlsHandshake}: a full Quantum TLS handshake with mutual ECDSA P-256 authentication
 *       and the BB84 discussion (sample estimate, Cascade, verification, privacy amplification) on
 *       65536 sifted bits at 2 % QBER;
 *   <li>{@code jdkTls13Handshake}: a JDK SSLEngine TLS 1.3 handshake with mutual ECDSA P-256
 *       authentication;
 *   <li>{@code qtlsTransfer} / {@code jdkTls13Transfer}: one 16 KiB application record protected,
 *       sent and opened (AES-256-GCM and ChaCha20-Poly1305 for Quantum TLS; the JDK's default TLS
 *       1.3 suite, TLS_AES_256_GCM_SHA384 first).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QtlsBenchmark {
    private static final BenchPki.Identity SERVER = BenchPki.selfSigned("bench-server");
    private static final BenchPki.Identity CLIENT = BenchPki.selfSigned("bench-client");

    @Param({"QKD_BB84_WITH_AES_256_GCM_SHA256", "QKD_BB84_WITH_CHACHA20_POLY1305_SHA256"})
    public String suite;

    private final byte[] record = new byte[16 * 1024];
    private QtlsClientProtocol tc;
    private QtlsServerProtocol ts;
    private SSLContext jdk;
    private SSLEngine jc;
    private SSLEngine js;
    private ByteBuffer jNet;
    private ByteBuffer jApp;
    private long seed;

    private QtlsConfig.Builder base(InMemorySiftedKeySources keys, boolean server) {
        BenchPki.Identity me = server ? SERVER : CLIENT;
        BenchPki.Identity peer = server ? CLIENT : SERVER;
        return QtlsConfig.builder()
                .identity(List.of(me.cert()), me.keys().getPrivate())
                .trustAnchors(List.of(peer.cert()))
                .cipherSuites(List.of(CipherSuite.valueOf(suite)))
                .keySource(server ? keys.alice() : keys.bob())
                .discussionFactory(PostProcessingDiscussion.factory());
    }

    private QtlsProtocol[] newQtlsPair() {
        InMemorySiftedKeySources keys = new InMemorySiftedKeySources(++seed, 0.02);
        return new QtlsProtocol[] {
            new QtlsClientProtocol(base(keys, false).build()),
            new QtlsServerProtocol(base(keys, true).build())
        };
    }

    private static void pump(QtlsProtocol a, QtlsProtocol b) throws QtlsFatalAlert {
        while (true) {
            byte[] ab = a.readOutput();
            byte[] ba = b.readOutput();
            if (ab.length == 0 && ba.length == 0) {
                return;
            }
            if (ab.length > 0) {
                b.offerInput(ab);
            }
            if (ba.length > 0) {
                a.offerInput(ba);
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        QtlsProtocol[] p = newQtlsPair();
        tc = (QtlsClientProtocol) p[0];
        ts = (QtlsServerProtocol) p[1];
        tc.connect();
        pump(tc, ts);
        if (!tc.isHandshakeComplete()) {
            throw new IllegalStateException("setup handshake failed: " + tc.failure());
        }
        char[] pw = "bench".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, pw);
        ks.setKeyEntry(
                "k",
                SERVER.keys().getPrivate(),
                pw,
                new java.security.cert.Certificate[] {SERVER.cert()});
        KeyStore ts2 = KeyStore.getInstance("PKCS12");
        ts2.load(null, pw);
        ts2.setCertificateEntry("s", SERVER.cert());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, pw);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts2);
        jdk = SSLContext.getInstance("TLSv1.3");
        jdk.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLEngine[] e = newJdkPair();
        jc = e[0];
        js = e[1];
        jdkHandshake(jc, js);
        jNet = ByteBuffer.allocate(jc.getSession().getPacketBufferSize() * 2);
        jApp = ByteBuffer.allocate(jc.getSession().getApplicationBufferSize() * 2);
    }

    private SSLEngine[] newJdkPair() {
        SSLEngine c = jdk.createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        c.setEnabledProtocols(new String[] {"TLSv1.3"});
        SSLEngine s = jdk.createSSLEngine();
        s.setUseClientMode(false);
        s.setNeedClientAuth(true);
        s.setEnabledProtocols(new String[] {"TLSv1.3"});
        return new SSLEngine[] {c, s};
    }

    private static void jdkHandshake(SSLEngine c, SSLEngine s) throws Exception {
        ByteBuffer c2s = ByteBuffer.allocate(1 << 17);
        ByteBuffer s2c = ByteBuffer.allocate(1 << 17);
        ByteBuffer app = ByteBuffer.allocate(1 << 17);
        ByteBuffer empty = ByteBuffer.allocate(0);
        c.beginHandshake();
        s.beginHandshake();
        for (int i = 0; i < 1000; i++) {
            if (done(c) && done(s)) {
                return;
            }
            step(c, empty, c2s, s2c, app);
            step(s, empty, s2c, c2s, app);
        }
        throw new IllegalStateException("JDK handshake did not finish");
    }

    private static boolean done(SSLEngine e) {
        SSLEngineResult.HandshakeStatus h = e.getHandshakeStatus();
        return h == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                || h == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    private static void step(
            SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app)
            throws Exception {
        switch (e.getHandshakeStatus()) {
            case NEED_WRAP -> e.wrap(empty, out);
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                in.flip();
                app.clear();
                e.unwrap(in, app);
                in.compact();
            }
            case NEED_TASK -> {
                Runnable t;
                while ((t = e.getDelegatedTask()) != null) {
                    t.run();
                }
            }
            default -> {}
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public boolean qtlsHandshake() throws Exception {
        QtlsProtocol[] p = newQtlsPair();
        ((QtlsClientProtocol) p[0]).connect();
        pump(p[0], p[1]);
        return p[0].isHandshakeComplete();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public boolean jdkTls13Handshake() throws Exception {
        SSLEngine[] e = newJdkPair();
        jdkHandshake(e[0], e[1]);
        return done(e[0]);
    }

    @Benchmark
    public int qtlsTransfer() throws Exception {
        tc.writeApplicationData(record);
        ts.offerInput(tc.readOutput());
        return ts.readApplicationData().length;
    }

    @Benchmark
    public int jdkTls13Transfer() throws Exception {
        jNet.clear();
        jc.wrap(ByteBuffer.wrap(record), jNet);
        jNet.flip();
        jApp.clear();
        js.unwrap(jNet, jApp);
        return jApp.position();
    }
}
