package io.qkdmodem.keystore.log;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM sealing of records under the key derived from the device key and the image's salt.
 * Nonce = seq (8 bytes) ‖ index (4 bytes); every seq is used once, so every nonce is.
 */
final class RecordCrypto {
    private static final byte[] CHECK_LABEL =
            "qkd-keystore/check".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORD_LABEL =
            "qkd-keystore/record".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final ThreadLocal<Cipher> ciphers =
            ThreadLocal.withInitial(
                    () -> {
                        try {
                            return Cipher.getInstance("AES/GCM/NoPadding");
                        } catch (GeneralSecurityException e) {
                            throw new IllegalStateException("AES-GCM unavailable", e);
                        }
                    });

    private RecordCrypto(SecretKeySpec key) {
        this.key = key;
    }

    /** Derives the record key; {@code deviceKey} is not kept. */
    static RecordCrypto derive(byte[] deviceKey, byte[] salt) {
        byte[] k = hmac(deviceKey, RECORD_LABEL, salt);
        try {
            return new RecordCrypto(new SecretKeySpec(k, "AES"));
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    static byte[] keyCheck(byte[] deviceKey, byte[] salt) {
        byte[] full = hmac(deviceKey, CHECK_LABEL, salt);
        byte[] check = Arrays.copyOf(full, Layout.CHECK_LEN);
        Arrays.fill(full, (byte) 0);
        return check;
    }

    private static byte[] hmac(byte[] key, byte[] label, byte[] salt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(label);
            mac.update(salt);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static GCMParameterSpec nonce(long seq, int index) {
        byte[] n = new byte[12];
        Bytes.put64(n, 0, seq);
        Bytes.put32(n, 8, index);
        return new GCMParameterSpec(Layout.TAG_LEN * 8, n);
    }

    /** Ciphertext followed by the 16-byte tag, written into {@code out} at {@code at}. */
    void seal(
            long seq,
            int index,
            byte[] aad,
            byte[] plain,
            int plainOff,
            int plainLen,
            byte[] out,
            int at) {
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.ENCRYPT_MODE, key, nonce(seq, index));
            c.updateAAD(aad);
            c.doFinal(plain, plainOff, plainLen, out, at);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM seal failed", e);
        }
    }

    /** The plaintext, or null if the tag does not verify. */
    byte[] open(long seq, int index, byte[] aad, byte[] sealed, int off, int len) {
        if (len < Layout.TAG_LEN) {
            return null;
        }
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, key, nonce(seq, index));
            c.updateAAD(aad);
            return c.doFinal(sealed, off, len);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM open failed", e);
        }
    }
}
