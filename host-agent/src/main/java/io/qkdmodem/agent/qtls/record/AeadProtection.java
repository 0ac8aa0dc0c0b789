package io.qkdmodem.agent.qtls.record;

import io.qkdmodem.agent.qtls.AlertDescription;
import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD record protection through the JDK's JCA provider. The per-record nonce is the 12-byte write
 * IV XORed with the 64-bit sequence number (the construction of RFC 7905 section 2, used for both
 * algorithms, so no explicit nonce travels); the additional data is RFC 5246 section 6.2.3.3's
 * {@code seq_num + type + version + length}.
 *
 * <p>{@link #destroy()} zeroizes the key and IV arrays this object owns, re-initializes the cipher
 * under an all-zero key (so the provider's expanded round keys for the real key are overwritten
 * where the provider reuses its buffers) and drops both the {@code SecretKeySpec} and the cipher.
 * The {@code SecretKeySpec} keeps its own clone of the key, which JCA gives no way to wipe: that
 * copy, and any copy inside the provider, lives until the garbage collector reclaims it (see
 * docs/security.md). After destroy the object refuses to seal or open.
 */
public final class AeadProtection implements RecordProtection {
    private final RecordAlgorithm algorithm;
    private Cipher cipher;
    private SecretKeySpec key;
    private final byte[] keyBytes;
    private final byte[] iv;

    /** Takes ownership of {@code key} and {@code iv} (zeroized by {@link #destroy()}). */
    public AeadProtection(RecordAlgorithm algorithm, byte[] key, byte[] iv) {
        if (algorithm.transformation() == null
                || key.length != algorithm.keyLength()
                || iv.length != algorithm.ivLength()) {
            throw new IllegalArgumentException("bad AEAD parameters for " + algorithm);
        }
        this.algorithm = algorithm;
        this.keyBytes = key;
        this.iv = iv;
        this.key = new SecretKeySpec(key, algorithm.keyAlgorithm());
        try {
            this.cipher = Cipher.getInstance(algorithm.transformation());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable in this JDK", e);
        }
    }

    @Override
    public byte[] seal(long sequence, int contentType, byte[] plaintext) throws QtlsFatalAlert {
        requireLive();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, params(sequence));
            cipher.updateAAD(aad(sequence, contentType, plaintext.length));
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new QtlsFatalAlert(AlertDescription.INTERNAL_ERROR, "record encryption failed");
        }
    }

    @Override
    public byte[] open(long sequence, int contentType, byte[] fragment) throws QtlsFatalAlert {
        int tag = algorithm.tagLength();
        if (fragment.length < tag) {
            throw new QtlsFatalAlert(AlertDescription.BAD_RECORD_MAC, "record shorter than tag");
        }
        requireLive();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, params(sequence));
            cipher.updateAAD(aad(sequence, contentType, fragment.length - tag));
            return cipher.doFinal(fragment);
        } catch (AEADBadTagException e) {
            throw new QtlsFatalAlert(AlertDescription.BAD_RECORD_MAC, "record tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new QtlsFatalAlert(AlertDescription.BAD_RECORD_MAC, "record decryption failed");
        }
    }

    private void requireLive() throws QtlsFatalAlert {
        if (cipher == null) {
            throw new QtlsFatalAlert(AlertDescription.INTERNAL_ERROR, "record keys destroyed");
        }
    }

    @Override
    public int overhead() {
        return algorithm.tagLength();
    }

    private AlgorithmParameterSpec params(long sequence) {
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (sequence >>> (8 * i));
        }
        return algorithm == RecordAlgorithm.AES_256_GCM
                ? new GCMParameterSpec(128, nonce)
                : new IvParameterSpec(nonce);
    }

    static byte[] aad(long sequence, int contentType, int length) {
        byte[] a = new byte[13];
        for (int i = 0; i < 8; i++) {
            a[i] = (byte) (sequence >>> (56 - 8 * i));
        }
        a[8] = (byte) contentType;
        a[9] = (byte) (RecordLayer.VERSION >>> 8);
        a[10] = (byte) RecordLayer.VERSION;
        a[11] = (byte) (length >>> 8);
        a[12] = (byte) length;
        return a;
    }

    @Override
    public void destroy() {
        if (cipher == null) {
            return;
        }
        Arrays.fill(keyBytes, (byte) 0);
        Arrays.fill(iv, (byte) 0);
        try {
            // Best effort: overwrite the provider's key schedule with that of an all-zero key.
            cipher.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(new byte[keyBytes.length], algorithm.keyAlgorithm()),
                    params(0));
        } catch (GeneralSecurityException | RuntimeException ignored) {
            // Nothing more can be done through JCA; the references go below either way.
        }
        key = null;
        cipher = null;
    }

    @Override
    public boolean isDestroyed() {
        return cipher == null;
    }

    @Override
    public String toString() {
        return "AeadProtection[" + algorithm + "]";
    }
}
