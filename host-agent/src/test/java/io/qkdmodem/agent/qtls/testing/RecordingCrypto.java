package io.qkdmodem.agent.qtls.testing;

import io.qkdmodem.agent.qtls.crypto.QtlsCrypto;
import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import io.qkdmodem.agent.qtls.crypto.SignatureScheme;
import io.qkdmodem.agent.qtls.record.RecordAlgorithm;
import io.qkdmodem.agent.qtls.record.RecordProtection;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** A {@link QtlsCrypto} that delegates and remembers every record protection it creates. */
public final class RecordingCrypto implements QtlsCrypto {
    private final QtlsCrypto inner;
    private final List<RecordProtection> created = new ArrayList<>();

    public RecordingCrypto(QtlsCrypto inner) {
        this.inner = inner;
    }

    /** Every AEAD protection created so far, oldest first. */
    public synchronized List<RecordProtection> created() {
        return List.copyOf(created);
    }

    @Override
    public SecureRandom secureRandom() {
        return inner.secureRandom();
    }

    @Override
    public synchronized RecordProtection aead(RecordAlgorithm algorithm, byte[] key, byte[] iv) {
        RecordProtection p = inner.aead(algorithm, key, iv);
        created.add(p);
        return p;
    }

    @Override
    public byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] message)
            throws GeneralSecurityException {
        return inner.sign(scheme, key, message);
    }

    @Override
    public boolean verify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] signature) {
        return inner.verify(scheme, key, message, signature);
    }

    @Override
    public X509Certificate decodeCertificate(byte[] der) throws GeneralSecurityException {
        return inner.decodeCertificate(der);
    }

    @Override
    public void validateChain(
            List<X509Certificate> chain, List<X509Certificate> trustAnchors, Date at)
            throws GeneralSecurityException {
        inner.validateChain(chain, trustAnchors, at);
    }

    @Override
    public KemKeyPair mlkemGenerate() {
        return inner.mlkemGenerate();
    }

    @Override
    public KemEncapsulation mlkemEncapsulate(byte[] publicKey) throws GeneralSecurityException {
        return inner.mlkemEncapsulate(publicKey);
    }

    @Override
    public QtlsSecret mlkemDecapsulate(KemKeyPair keyPair, byte[] ciphertext)
            throws GeneralSecurityException {
        return inner.mlkemDecapsulate(keyPair, ciphertext);
    }
}
