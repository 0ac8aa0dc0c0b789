package io.qkdmodem.rig.wiring;

import io.qkdmodem.agent.qtls.crypto.JcaQtlsCrypto;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A PKI made fresh for one rig run: an ECDSA P-256 CA, the server agent's ECDSA P-256 identity and
 * the client agent's Ed25519 identity (both signature schemes the handshake supports). Keys live in
 * memory only and go with the run.
 */
final class RigPki {

    /** A certificate chain (leaf, CA) and the leaf's key. */
    record Identity(List<X509Certificate> chain, PrivateKey key) {}

    final X509Certificate ca;
    final Identity server;
    final Identity client;

    private RigPki(X509Certificate ca, Identity server, Identity client) {
        this.ca = ca;
        this.server = server;
        this.client = client;
    }

    static RigPki create() {
        try {
            KeyPair caKeys = ec();
            Instant now = Instant.now();
            X509Certificate ca =
                    issue(
                            "qkd-rig-ca",
                            caKeys.getPublic(),
                            "qkd-rig-ca",
                            caKeys.getPrivate(),
                            true,
                            1,
                            now);
            KeyPair s = ec();
            KeyPair c =
                    KeyPairGenerator.getInstance("Ed25519", JcaQtlsCrypto.provider())
                            .generateKeyPair();
            return new RigPki(
                    ca,
                    new Identity(
                            List.of(
                                    issue(
                                            "server-agent",
                                            s.getPublic(),
                                            "qkd-rig-ca",
                                            caKeys.getPrivate(),
                                            false,
                                            2,
                                            now),
                                    ca),
                            s.getPrivate()),
                    new Identity(
                            List.of(
                                    issue(
                                            "client-agent",
                                            c.getPublic(),
                                            "qkd-rig-ca",
                                            caKeys.getPrivate(),
                                            false,
                                            3,
                                            now),
                                    ca),
                            c.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the rig's certificates: " + e, e);
        }
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", JcaQtlsCrypto.provider());
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate issue(
            String cn,
            PublicKey key,
            String issuer,
            PrivateKey issuerKey,
            boolean isCa,
            long serial,
            Instant now)
            throws Exception {
        JcaX509v3CertificateBuilder b =
                new JcaX509v3CertificateBuilder(
                        new X500Name("CN=" + issuer),
                        BigInteger.valueOf(serial),
                        Date.from(now.minus(1, ChronoUnit.HOURS)),
                        Date.from(now.plus(1, ChronoUnit.DAYS)),
                        new X500Name("CN=" + cn),
                        key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        return new JcaX509CertificateConverter()
                .setProvider(JcaQtlsCrypto.provider())
                .getCertificate(
                        b.build(
                                new JcaContentSignerBuilder("SHA256withECDSA")
                                        .setProvider(JcaQtlsCrypto.provider())
                                        .build(issuerKey)));
    }
}
