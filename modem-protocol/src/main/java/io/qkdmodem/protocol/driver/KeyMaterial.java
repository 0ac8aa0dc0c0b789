package io.qkdmodem.protocol.driver;

import io.qkdmodem.protocol.message.KeyRef;
import java.util.Arrays;

/**
 * Key bits fetched from the modem, as a handle: read them with {@link #copy()}, then {@link
 * #destroy()}. {@code toString()} shows the reference and size only.
 */
public final class KeyMaterial {

    private final KeyRef ref;
    private final byte[] bytes;
    private volatile boolean destroyed;

    KeyMaterial(KeyRef ref, byte[] bytes) {
        this.ref = ref;
        this.bytes = bytes;
    }

    public KeyRef ref() {
        return ref;
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the key bytes; the caller wipes it after use. */
    public byte[] copy() {
        if (destroyed) {
            throw new IllegalStateException("key material destroyed");
        }
        return bytes.clone();
    }

    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "KeyMaterial{"
                + ref
                + ", "
                + bytes.length
                + "B"
                + (destroyed ? ", destroyed" : "")
                + "}";
    }
}
