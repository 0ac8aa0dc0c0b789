package io.qkdmodem.keystore.log;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM sealing of records under the key derived from the device key and the image's salt.
 * Nonce = seq (8 bytes) ‖ index (4 bytes); every seq is used once, so every nonce is.
 *
 * <p>The record key is a handle: {@link #destroy()} (called when the store closes, or when a mount
 * fails after the key was derived) zeroizes the only array this class keeps it in and re-keys every
 * {@code Cipher} it ever handed out with an all-zero key, so their expanded round keys and the copy
 * the JDK's GCM keeps for its IV-reuse check are overwritten too; afterwards every seal or open
 * fails. The key is given to JCA through a {@link SecretKey} of our own whose {@code getEncoded()}
 * copies from that array (a {@code SecretKeySpec} would keep a clone nothing can wipe). What JCA
 * copies inside {@code Cipher.init} and drops without clearing is beyond reach; see
 * docs/security.md. Calls come under the store's lock; ciphers are pooled, not thread-local, so
 * that all of them can be reached at {@code destroy()}.
 */
final class RecordCrypto {
    private static final byte[] CHECK_LABEL =
            "qkd-keystore/check".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORD_LABEL =
            "qkd-keystore/record".getBytes(StandardCharsets.US_ASCII);

    private final byte[] keyBytes;
    private final RecordKey key = new RecordKey();
    private final ConcurrentLinkedQueue<Cipher> idle = new ConcurrentLinkedQueue<>();
    private final List<Cipher> issued = new ArrayList<>();
    private volatile boolean destroyed;

    private RecordCrypto(byte[] keyBytes) {
        this.keyBytes = keyBytes;
    }

    /** Derives the record key; {@code deviceKey} is not kept. */
    static RecordCrypto derive(byte[] deviceKey, byte[] salt) {
        return new RecordCrypto(hmac(deviceKey, RECORD_LABEL, salt));
    }

    /**
     * Zeroizes the record key and overwrites the key schedule of every cipher made with it.
     * Idempotent. Every later {@link #seal} or {@link #open} throws {@link IllegalStateException}.
     */
    void destroy() {
        synchronized (issued) {
            if (destroyed) {
                return;
            }
            destroyed = true;
            Arrays.fill(keyBytes, (byte) 0);
            SecretKeySpec zero = new SecretKeySpec(new byte[keyBytes.length], "AES");
            for (Cipher c : issued) {
                try {
                    c.init(
                            Cipher.ENCRYPT_MODE,
                            zero,
                            new GCMParameterSpec(Layout.TAG_LEN * 8, new byte[12]));
                } catch (GeneralSecurityException | RuntimeException e) {
                    // the cipher is dropped below either way
                }
            }
            issued.clear();
            idle.clear();
        }
    }

    boolean isDestroyed() {
        return destroyed;
    }

    /** Whether every byte of the key array is zero (for the destroy test). */
    boolean keyBytesZeroized() {
        for (byte b : keyBytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private Cipher borrow() {
        if (destroyed) {
            throw new IllegalStateException("the record key was destroyed (store closed)");
        }
        Cipher c = idle.poll();
        if (c != null) {
            return c;
        }
        try {
            c = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
        synchronized (issued) {
            if (destroyed) {
                throw new IllegalStateException("the record key was destroyed (store closed)");
            }
            issued.add(c);
        }
        return c;
    }

    private void giveBack(Cipher c) {
        if (!destroyed) {
            idle.add(c);
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
        Cipher c = borrow();
        try {
            c.init(Cipher.ENCRYPT_MODE, key, nonce(seq, index));
            c.updateAAD(aad);
            c.doFinal(plain, plainOff, plainLen, out, at);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM seal failed", e);
        } finally {
            giveBack(c);
        }
    }

    /** The plaintext, or null if the tag does not verify. */
    byte[] open(long seq, int index, byte[] aad, byte[] sealed, int off, int len) {
        if (len < Layout.TAG_LEN) {
            return null;
        }
        Cipher c = borrow();
        try {
            c.init(Cipher.DECRYPT_MODE, key, nonce(seq, index));
            c.updateAAD(aad);
            return c.doFinal(sealed, off, len);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM open failed", e);
        } finally {
            giveBack(c);
        }
    }

    /**
     * The record key as JCA sees it: {@code getEncoded()} returns a fresh copy of {@link #keyBytes}
     * (the provider zeroizes or drops it after expanding the key schedule), so the only long-lived
     * copy is the array {@link #destroy()} clears.
     */
    private final class RecordKey implements SecretKey {
        private static final long serialVersionUID = 1L;

        @Override
        public String getAlgorithm() {
            return "AES";
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            if (destroyed) {
                throw new IllegalStateException("the record key was destroyed");
            }
            return keyBytes.clone();
        }

        @Override
        public void destroy() {
            RecordCrypto.this.destroy();
        }

        @Override
        public boolean isDestroyed() {
            return destroyed;
        }

        @Override
        public String toString() {
            return "RecordKey[AES-256]";
        }
    }
}
