package io.qkdmodem.rig.bench.qtls;

import io.qkdmodem.agent.qtls.crypto.JcaQtlsCrypto;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed ECDSA P-256 identities for the benchmarks (each certificate is its own anchor). */
final class BenchPki {
    record Identity(KeyPair keys, X509Certificate cert) {}

    private BenchPki() {}

    static Identity selfSigned(String cn) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b =
                    new JcaX509v3CertificateBuilder(
                            new X500Name("CN=" + cn),
                            BigInteger.ONE,
                            Date.from(now.minus(1, ChronoUnit.DAYS)),
                            Date.from(now.plus(30, ChronoUnit.DAYS)),
                            new X500Name("CN=" + cn),
                            kp.getPublic());
            X509Certificate c =
                    new JcaX509CertificateConverter()
                            .setProvider(JcaQtlsCrypto.provider())
                            .getCertificate(
                                    b.build(
                                            new JcaContentSignerBuilder("SHA256withECDSA")
                                                    .build(kp.getPrivate())));
            return new Identity(kp, c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
