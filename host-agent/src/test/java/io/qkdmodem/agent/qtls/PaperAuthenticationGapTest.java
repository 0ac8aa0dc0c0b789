package io.qkdmodem.agent.qtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.agent.qtls.crypto.JcaQtlsCrypto;
import io.qkdmodem.agent.qtls.crypto.QtlsCrypto;
import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import io.qkdmodem.agent.qtls.crypto.SignatureScheme;
import io.qkdmodem.agent.qtls.discussion.DiscussionFactory;
import io.qkdmodem.agent.qtls.discussion.PostProcessingDiscussion;
import io.qkdmodem.agent.qtls.keysource.InMemorySiftedKeySources;
import io.qkdmodem.agent.qtls.message.CertificateVerify;
import io.qkdmodem.agent.qtls.message.HandshakeType;
import io.qkdmodem.agent.qtls.record.RecordAlgorithm;
import io.qkdmodem.agent.qtls.record.RecordProtection;
import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.Pump;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The paper's authentication gap (docs/security.md): Eve holds the quantum channel and the network.
 * She runs one BB84 key agreement with the client (playing Alice) and another with the server
 * (playing Bob), relays hellos and certificates unchanged, and replays the client's
 * CertificateVerify to the server. In the paper's order nothing signed covers the discussion, so
 * both Finished messages verify and Eve reads the traffic. In our default order both sides sign the
 * transcript after the discussion and the attack fails.
 */
class PaperAuthenticationGapTest {
    private static final long SEED = 77;

    /** What the attack achieved. */
    private record Result(
            QtlsClientProtocol client,
            QtlsServerProtocol server,
            QtlsServerProtocol eveTowardClient,
            QtlsClientProtocol eveTowardServer,
            Pump.Outcome leg1,
            Pump.Outcome leg2) {}

    private Result attack(AuthenticationOrder order) throws Exception {
        DiscussionFactory d = PostProcessingDiscussion.factory();
        // The real endpoints.
        Agents real = new Agents(SEED, 0.01, d).order(order);
        // Eve's two engines get the same seeds as the endpoints they imitate, so her hellos are
        // byte-for-byte the real ones and both transcripts agree up to the discussion.
        Agents eve = new Agents(SEED, 0.01, d).order(order);
        InMemorySiftedKeySources eveWithClient = new InMemorySiftedKeySources(SEED + 1, 0.01);
        InMemorySiftedKeySources eveWithServer = real.keys; // Eve sits on Bob's side of this link

        QtlsClientProtocol client =
                new QtlsClientProtocol(real.client.keySource(eveWithClient.bob()).build());
        QtlsServerProtocol server = real.newServer();

        // Eve toward the client: the server's certificate, but her own key (she has no other).
        QtlsServerProtocol eveTowardClient =
                new QtlsServerProtocol(
                        eve.server
                                .identity(Agents.SERVER.chain(), ecKey())
                                .keySource(eveWithClient.alice())
                                .build());
        // Eve toward the server: the client's certificate; signing replays what the client signed.
        AtomicReference<byte[]> capturedSignature = new AtomicReference<>();
        QtlsCrypto replaying = new ReplayingCrypto(eve.client.build().crypto(), capturedSignature);
        QtlsClientProtocol eveTowardServer =
                new QtlsClientProtocol(
                        eve.client
                                .crypto(replaying)
                                .identity(Agents.CLIENT.chain(), ed25519Key())
                                .keySource(eveWithServer.bob())
                                .build());

        UnaryOperator<byte[]> capture =
                chunk -> {
                    byte[] sig = findCertificateVerify(chunk);
                    if (sig != null) {
                        capturedSignature.set(sig);
                    }
                    return chunk;
                };
        client.connect();
        Pump.Outcome leg1 =
                Pump.run(client, eveTowardClient, false, capture, UnaryOperator.identity());
        eveTowardServer.connect();
        Pump.Outcome leg2 = Pump.run(eveTowardServer, server);
        return new Result(client, server, eveTowardClient, eveTowardServer, leg1, leg2);
    }

    @Test
    void inThePapersOrderTheManInTheMiddleSucceeds() throws Exception {
        Result r = attack(AuthenticationOrder.PAPER);
        assertThat(r.leg1().clientFailure()).isNull();
        assertThat(r.leg2().serverFailure()).isNull();
        assertThat(r.client().isHandshakeComplete()).isTrue();
        assertThat(r.server().isHandshakeComplete()).isTrue();
        // Both believe they talk to each other...
        assertThat(r.client().sessionInfo().peerSubject()).isEqualTo("CN=server-agent");
        assertThat(r.server().sessionInfo().peerSubject()).isEqualTo("CN=client-agent");
        // ...but Eve reads the client's data and passes it on.
        r.client().writeApplicationData("wire 1000 EUR".getBytes(StandardCharsets.US_ASCII));
        Pump.run(r.client(), r.eveTowardClient());
        byte[] stolen = r.eveTowardClient().readApplicationData();
        assertThat(new String(stolen, StandardCharsets.US_ASCII)).isEqualTo("wire 1000 EUR");
        r.eveTowardServer().writeApplicationData(stolen);
        Pump.run(r.eveTowardServer(), r.server());
        assertThat(new String(r.server().readApplicationData(), StandardCharsets.US_ASCII))
                .isEqualTo("wire 1000 EUR");
    }

    @Test
    void inTheDefaultOrderTheSameAttackFails() throws Exception {
        Result r = attack(AuthenticationOrder.DEFAULT);
        // The client rejects Eve's server signature; the server rejects the replayed client one.
        assertThat(r.client().isHandshakeComplete()).isFalse();
        assertThat(r.server().isHandshakeComplete()).isFalse();
        assertThat(r.leg1().clientFailure().description())
                .isEqualTo(AlertDescription.DECRYPT_ERROR);
        assertThat(r.leg2().serverFailure().description())
                .isEqualTo(AlertDescription.DECRYPT_ERROR);
    }

    private static byte[] findCertificateVerify(byte[] chunk) {
        int pos = 0;
        while (pos + 5 <= chunk.length) {
            int type = chunk[pos] & 0xFF;
            int len = ((chunk[pos + 3] & 0xFF) << 8) | (chunk[pos + 4] & 0xFF);
            if (type == ContentType.HANDSHAKE
                    && len > 4
                    && (chunk[pos + 5] & 0xFF) == HandshakeType.CERTIFICATE_VERIFY) {
                byte[] body = java.util.Arrays.copyOfRange(chunk, pos + 9, pos + 5 + len);
                try {
                    return CertificateVerify.decode(body).signature();
                } catch (Exception e) {
                    return null;
                }
            }
            pos += 5 + len;
        }
        return null;
    }

    private static PrivateKey ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", JcaQtlsCrypto.provider());
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair().getPrivate();
    }

    private static PrivateKey ed25519Key() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519", JcaQtlsCrypto.provider())
                .generateKeyPair()
                .getPrivate();
    }

    /** Delegates everything, but "signs" by returning the client's captured signature. */
    private record ReplayingCrypto(QtlsCrypto inner, AtomicReference<byte[]> captured)
            implements QtlsCrypto {
        @Override
        public SecureRandom secureRandom() {
            return inner.secureRandom();
        }

        @Override
        public RecordProtection aead(RecordAlgorithm a, byte[] k, byte[] iv) {
            return inner.aead(a, k, iv);
        }

        @Override
        public byte[] sign(SignatureScheme s, PrivateKey k, byte[] m) {
            byte[] sig = captured.get();
            return sig == null ? new byte[64] : sig;
        }

        @Override
        public boolean verify(SignatureScheme s, PublicKey k, byte[] m, byte[] sig) {
            return inner.verify(s, k, m, sig);
        }

        @Override
        public X509Certificate decodeCertificate(byte[] der)
                throws java.security.GeneralSecurityException {
            return inner.decodeCertificate(der);
        }

        @Override
        public void validateChain(List<X509Certificate> c, List<X509Certificate> t, Date at)
                throws java.security.GeneralSecurityException {
            inner.validateChain(c, t, at);
        }

        @Override
        public KemKeyPair mlkemGenerate() {
            return inner.mlkemGenerate();
        }

        @Override
        public KemEncapsulation mlkemEncapsulate(byte[] pk)
                throws java.security.GeneralSecurityException {
            return inner.mlkemEncapsulate(pk);
        }

        @Override
        public QtlsSecret mlkemDecapsulate(KemKeyPair kp, byte[] ct)
                throws java.security.GeneralSecurityException {
            return inner.mlkemDecapsulate(kp, ct);
        }
    }
}
