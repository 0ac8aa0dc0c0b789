package io.qkdmodem.agent.qtls.crypto;

import io.qkdmodem.agent.qtls.record.AeadProtection;
import io.qkdmodem.agent.qtls.record.RecordAlgorithm;
import io.qkdmodem.agent.qtls.record.RecordProtection;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMExtractor;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyPairGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPublicKeyParameters;

/**
 * JCA implementation: AEAD ciphers from the JDK's own provider (SunJCE, which uses the CPU's AES
 * instructions), signatures, certificates and PKIX validation from a private Bouncy Castle provider
 * instance (not installed globally), ML-KEM-768 from Bouncy Castle's lightweight API.
 */
public final class JcaQtlsCrypto implements QtlsCrypto {
    private static final Provider BC = new BouncyCastleProvider();

    private final SecureRandom random;

    public JcaQtlsCrypto() {
        this(new SecureRandom());
    }

    public JcaQtlsCrypto(SecureRandom random) {
        this.random = random;
    }

    /** The Bouncy Castle provider instance this class uses (for key loading in the CLI). */
    public static Provider provider() {
        return BC;
    }

    @Override
    public SecureRandom secureRandom() {
        return random;
    }

    @Override
    public RecordProtection aead(RecordAlgorithm algorithm, byte[] key, byte[] iv) {
        return new AeadProtection(algorithm, key, iv);
    }

    @Override
    public byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] message)
            throws GeneralSecurityException {
        Signature s = Signature.getInstance(scheme.jcaName(), BC);
        s.initSign(key, random);
        s.update(message);
        return s.sign();
    }

    @Override
    public boolean verify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(scheme.jcaName(), BC);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public X509Certificate decodeCertificate(byte[] der) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509", BC);
        return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
    }

    @Override
    public void validateChain(
            List<X509Certificate> chain, List<X509Certificate> trustAnchors, Date at)
            throws GeneralSecurityException {
        if (chain.isEmpty()) {
            throw new java.security.cert.CertificateException("empty certificate chain");
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate t : trustAnchors) {
            anchors.add(new TrustAnchor(t, null));
        }
        // A chain that contains the anchor itself: drop it from the path (PKIX wants it out).
        List<X509Certificate> path = chain.stream().filter(c -> !trustAnchors.contains(c)).toList();
        if (path.isEmpty()) {
            return; // the peer presented a trust anchor itself (pinned self-signed certificate)
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509", BC);
        CertPath cp = cf.generateCertPath(path);
        PKIXParameters params = new PKIXParameters(anchors);
        params.setRevocationEnabled(false);
        params.setDate(at);
        CertPathValidator.getInstance("PKIX", BC).validate(cp, params);
    }

    @Override
    public KemKeyPair mlkemGenerate() {
        MLKEMKeyPairGenerator g = new MLKEMKeyPairGenerator();
        g.init(new MLKEMKeyGenerationParameters(random, MLKEMParameters.ml_kem_768));
        var kp = g.generateKeyPair();
        MLKEMPublicKeyParameters pub = (MLKEMPublicKeyParameters) kp.getPublic();
        MLKEMPrivateKeyParameters priv = (MLKEMPrivateKeyParameters) kp.getPrivate();
        return new MlKemPair(pub.getEncoded(), priv);
    }

    @Override
    public KemEncapsulation mlkemEncapsulate(byte[] publicKey) throws GeneralSecurityException {
        try {
            MLKEMPublicKeyParameters pub =
                    new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, publicKey);
            SecretWithEncapsulation s = new MLKEMGenerator(random).generateEncapsulated(pub);
            byte[] ss = s.getSecret();
            byte[] ct = s.getEncapsulation();
            s.destroy();
            return new KemEncapsulation(ct, QtlsSecret.adopt(ss));
        } catch (RuntimeException | javax.security.auth.DestroyFailedException e) {
            throw new GeneralSecurityException("bad ML-KEM-768 public key");
        }
    }

    @Override
    public QtlsSecret mlkemDecapsulate(KemKeyPair keyPair, byte[] ciphertext)
            throws GeneralSecurityException {
        try {
            MLKEMExtractor x = new MLKEMExtractor(((MlKemPair) keyPair).priv);
            return QtlsSecret.adopt(x.extractSecret(ciphertext));
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("bad ML-KEM-768 ciphertext");
        }
    }

    private static final class MlKemPair implements KemKeyPair {
        private final byte[] pub;
        private MLKEMPrivateKeyParameters priv;

        MlKemPair(byte[] pub, MLKEMPrivateKeyParameters priv) {
            this.pub = pub;
            this.priv = priv;
        }

        @Override
        public byte[] publicKey() {
            return pub.clone();
        }

        @Override
        public void destroy() {
            priv = null; // BC keeps the material inside; drop our reference for the GC
        }

        @Override
        public boolean isDestroyed() {
            return priv == null;
        }

        @Override
        public String toString() {
            return "MlKem768KeyPair[hidden]";
        }
    }
}
