package io.qkdmodem.agent.qtls.keysource;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * Sifted bits handed to the agent under a reference: {@code bits} packed most significant bit
 * first. Secret: {@link #toString()} never shows them, {@link #destroy()} zeroizes.
 */
public final class SiftedKey implements Destroyable {
    private final KeyReference reference;
    private final int bitLength;
    private byte[] packed;

    /** Takes ownership of {@code packed}. */
    public SiftedKey(KeyReference reference, int bitLength, byte[] packed) {
        if (bitLength < 0 || packed.length != (bitLength + 7) / 8) {
            throw new IllegalArgumentException("packed length does not match bit length");
        }
        this.reference = reference;
        this.bitLength = bitLength;
        this.packed = packed;
    }

    public KeyReference reference() {
        return reference;
    }

    public int bitLength() {
        return bitLength;
    }

    /** A copy of the packed bits; the caller zeroizes it. */
    public synchronized byte[] copyBits() {
        if (packed == null) {
            throw new IllegalStateException("sifted key destroyed");
        }
        return packed.clone();
    }

    @Override
    public synchronized void destroy() {
        if (packed != null) {
            Arrays.fill(packed, (byte) 0);
            packed = null;
        }
    }

    @Override
    public synchronized boolean isDestroyed() {
        return packed == null;
    }

    @Override
    public String toString() {
        return "SiftedKey[" + reference + ", " + bitLength + " bits]";
    }
}
