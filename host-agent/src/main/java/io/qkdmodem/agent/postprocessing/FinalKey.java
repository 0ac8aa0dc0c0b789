package io.qkdmodem.agent.postprocessing;

import io.qkdmodem.agent.postprocessing.bits.BitVector;

/**
 * The secret key of a session, as a handle: read it with {@link #toBytes()} (a copy the caller must
 * zeroize), then {@link #destroy()} it. {@link #toString()} shows the length only.
 */
public final class FinalKey {
    private final BitVector bits;
    private boolean destroyed;

    FinalKey(BitVector bits) {
        this.bits = bits;
    }

    public int bitLength() {
        return bits.length();
    }

    /** The key bytes (bit i is bit i % 8 of byte i / 8; a short last byte is zero-padded). */
    public synchronized byte[] toBytes() {
        if (destroyed) {
            throw new IllegalStateException("key destroyed");
        }
        return bits.toBytes();
    }

    /** A copy of the key bits; the caller must destroy it. */
    public synchronized BitVector copyBits() {
        if (destroyed) {
            throw new IllegalStateException("key destroyed");
        }
        return bits.copy();
    }

    public synchronized void destroy() {
        bits.destroy();
        destroyed = true;
    }

    public synchronized boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "FinalKey[" + bits.length() + " bits" + (destroyed ? ", destroyed" : "") + "]";
    }
}
