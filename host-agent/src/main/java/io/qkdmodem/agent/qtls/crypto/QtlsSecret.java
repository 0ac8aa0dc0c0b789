package io.qkdmodem.agent.qtls.crypto;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * An opaque secret (pre_master_secret, master_secret, traffic keys, pad material). The bytes never
 * leave except through {@link #extract()}, which hands a copy that the caller must zeroize. {@link
 * #destroy()} zeroizes; {@link #toString()} never shows material.
 */
public final class QtlsSecret implements Destroyable {
    private byte[] value;

    /** Adopts {@code value}: the array is owned (and later zeroized) by this secret. */
    public static QtlsSecret adopt(byte[] value) {
        return new QtlsSecret(value);
    }

    /** Copies {@code value}; the caller keeps (and should zeroize) its array. */
    public static QtlsSecret copyOf(byte[] value) {
        return new QtlsSecret(value.clone());
    }

    private QtlsSecret(byte[] value) {
        this.value = value;
    }

    public synchronized int length() {
        check();
        return value.length;
    }

    /** PRF(this, label, seed) of {@code length} bytes, as a new secret. */
    public synchronized QtlsSecret derive(String label, byte[] seed, int length) {
        check();
        return new QtlsSecret(Tls12Prf.prf(value, label, seed, length));
    }

    /** PRF(this, label, seed) as public bytes (for Finished verify_data). */
    public synchronized byte[] prfPublic(String label, byte[] seed, int length) {
        check();
        return Tls12Prf.prf(value, label, seed, length);
    }

    /** A copy of the material; the caller zeroizes it after use. */
    public synchronized byte[] extract() {
        check();
        return value.clone();
    }

    /** A new secret holding {@code length} bytes from {@code offset}. */
    public synchronized QtlsSecret slice(int offset, int length) {
        check();
        return new QtlsSecret(Arrays.copyOfRange(value, offset, offset + length));
    }

    /** Constant-time comparison of the material with another secret. */
    public synchronized boolean sameAs(QtlsSecret other) {
        check();
        byte[] o = other.extract();
        try {
            return java.security.MessageDigest.isEqual(value, o);
        } finally {
            Arrays.fill(o, (byte) 0);
        }
    }

    @Override
    public synchronized void destroy() {
        if (value != null) {
            Arrays.fill(value, (byte) 0);
            value = null;
        }
    }

    @Override
    public synchronized boolean isDestroyed() {
        return value == null;
    }

    @Override
    public String toString() {
        return "QtlsSecret[" + (isDestroyed() ? "destroyed" : "hidden") + "]";
    }

    private void check() {
        if (value == null) {
            throw new IllegalStateException("secret destroyed");
        }
    }
}
