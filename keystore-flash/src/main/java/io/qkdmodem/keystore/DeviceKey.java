package io.qkdmodem.keystore;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * The 256-bit key provisioned with the board, under which the store encrypts its records. A handle:
 * {@link #destroy()} zeroizes it; {@link #toString()} never shows it.
 */
public final class DeviceKey implements Destroyable, AutoCloseable {
    public static final int BYTES = 32;

    private final byte[] key;
    private boolean destroyed;

    private DeviceKey(byte[] key) {
        this.key = key;
    }

    /** Copies {@code key} (exactly {@value #BYTES} bytes). */
    public static DeviceKey of(byte[] key) {
        if (key.length != BYTES) {
            throw new KeyStoreException(
                    KeyStoreException.Reason.INVALID_ARGUMENT,
                    "device key must be " + BYTES + " bytes, got " + key.length);
        }
        return new DeviceKey(key.clone());
    }

    /** A copy of the key bytes for the store's key derivation; the caller zeroizes it. */
    public byte[] copyBytes() {
        if (destroyed) {
            throw new IllegalStateException("device key destroyed");
        }
        return key.clone();
    }

    @Override
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return destroyed ? "DeviceKey[destroyed]" : "DeviceKey[256 bits]";
    }
}
