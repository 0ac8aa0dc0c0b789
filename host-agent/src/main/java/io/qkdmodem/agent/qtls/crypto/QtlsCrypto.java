package io.qkdmodem.agent.qtls.crypto;

import io.qkdmodem.agent.qtls.record.RecordAlgorithm;
import io.qkdmodem.agent.qtls.record.RecordProtection;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;

/**
 * The crypto the Quantum TLS engine needs, behind one small interface (BC TLS's {@code TlsCrypto}
 * idea) so a provider can be swapped: randomness, AEAD record protection, signatures, certificate
 * decoding and path validation, and ML-KEM-768 for the hybrid suites.
 */
public interface QtlsCrypto {

    SecureRandom secureRandom();

    /** AEAD protection; takes ownership of {@code key} and {@code iv}. */
    RecordProtection aead(RecordAlgorithm algorithm, byte[] key, byte[] iv);

    byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] message)
            throws GeneralSecurityException;

    boolean verify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] signature);

    X509Certificate decodeCertificate(byte[] der) throws GeneralSecurityException;

    /** PKIX validation of {@code chain} (leaf first) against {@code trustAnchors} at {@code at}. */
    void validateChain(List<X509Certificate> chain, List<X509Certificate> trustAnchors, Date at)
            throws GeneralSecurityException;

    /** A fresh ML-KEM-768 key pair. */
    KemKeyPair mlkemGenerate();

    /** Encapsulates to {@code publicKey}: the ciphertext and the shared secret. */
    KemEncapsulation mlkemEncapsulate(byte[] publicKey) throws GeneralSecurityException;

    /** The ML-KEM-768 shared secret in {@code ciphertext}. */
    QtlsSecret mlkemDecapsulate(KemKeyPair keyPair, byte[] ciphertext)
            throws GeneralSecurityException;

    /** An ML-KEM key pair; the private part stays opaque. */
    interface KemKeyPair extends javax.security.auth.Destroyable {
        byte[] publicKey();

        @Override
        void destroy();
    }

    /** The result of an encapsulation. */
    record KemEncapsulation(byte[] ciphertext, QtlsSecret sharedSecret) {}
}
