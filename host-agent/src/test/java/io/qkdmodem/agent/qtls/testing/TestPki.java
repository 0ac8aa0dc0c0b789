package io.qkdmodem.agent.qtls.testing;

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
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away PKI for tests: one ECDSA P-256 CA, leaf certificates with P-256 or Ed25519 keys. */
public final class TestPki {
    public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    public final KeyPair caKeys;
    public final X509Certificate ca;

    /** An identity: chain (leaf, CA) and key. */
    public record Identity(X509Certificate leaf, X509Certificate ca, PrivateKey key) {
        public java.util.List<X509Certificate> chain() {
            return java.util.List.of(leaf, ca);
        }
    }

    public TestPki(String caName) {
        try {
            caKeys = ec();
            ca = issue(caName, caKeys.getPublic(), caName, caKeys.getPrivate(), true, 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Identity ecdsa(String cn) {
        try {
            KeyPair kp = ec();
            return new Identity(
                    issue(cn, kp.getPublic(), caName(), caKeys.getPrivate(), false, 2),
                    ca,
                    kp.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Identity ed25519(String cn) {
        try {
            KeyPair kp =
                    KeyPairGenerator.getInstance("Ed25519", JcaQtlsCrypto.provider())
                            .generateKeyPair();
            return new Identity(
                    issue(cn, kp.getPublic(), caName(), caKeys.getPrivate(), false, 3),
                    ca,
                    kp.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String caName() {
        return ca.getSubjectX500Principal().getName().replace("CN=", "");
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
            long serial)
            throws Exception {
        JcaX509v3CertificateBuilder b =
                new JcaX509v3CertificateBuilder(
                        new X500Name("CN=" + issuer),
                        BigInteger.valueOf(serial),
                        Date.from(NOW.minus(1, ChronoUnit.DAYS)),
                        Date.from(NOW.plus(365, ChronoUnit.DAYS)),
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
