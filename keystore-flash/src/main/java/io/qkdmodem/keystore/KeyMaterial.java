package io.qkdmodem.keystore;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * A handle on key bits (packed most-significant bit first; bits past {@link #bitLength()} in the
 * last byte are zero). Destroy it when done: the buffer is zeroized and every later access fails.
 * {@link #toString()} never shows material. Not thread-safe.
 */
public final class KeyMaterial implements Destroyable, AutoCloseable {
    private final byte[] bits;
    private final int bitLength;
    private boolean destroyed;

    private KeyMaterial(byte[] bits, int bitLength) {
        this.bits = bits;
        this.bitLength = bitLength;
    }

    /** Copies {@code packed}; the caller should zeroize its own array. */
    public static KeyMaterial copyOf(byte[] packed, int bitLength) {
        return wrap(Arrays.copyOf(packed, (bitLength + 7) / 8), bitLength);
    }

    /** Takes ownership of {@code packed} (no copy): it is zeroized on destroy. */
    public static KeyMaterial wrap(byte[] packed, int bitLength) {
        if (bitLength < 0 || packed.length != (bitLength + 7) / 8) {
            throw new KeyStoreException(
                    KeyStoreException.Reason.INVALID_ARGUMENT,
                    "packed length "
                            + packed.length
                            + " does not hold exactly "
                            + bitLength
                            + " bits");
        }
        if (bitLength % 8 != 0) {
            packed[packed.length - 1] &= (byte) (0xFF << (8 - bitLength % 8));
        }
        return new KeyMaterial(packed, bitLength);
    }

    public int bitLength() {
        return bitLength;
    }

    /** Bit {@code i} (0 or 1). */
    public int bit(int i) {
        check();
        if (i < 0 || i >= bitLength) {
            throw new IndexOutOfBoundsException("bit " + i + " of " + bitLength);
        }
        return (bits[i >>> 3] >>> (7 - (i & 7))) & 1;
    }

    /** A copy of the packed bits; the caller owns and must zeroize it. */
    public byte[] toByteArray() {
        check();
        return bits.clone();
    }

    /** Copies the packed bits into {@code dst} at {@code off}. */
    public void copyTo(byte[] dst, int off) {
        check();
        System.arraycopy(bits, 0, dst, off, bits.length);
    }

    /** Constant-time comparison of the material. */
    public boolean sameBitsAs(KeyMaterial other) {
        check();
        other.check();
        return bitLength == other.bitLength
                && java.security.MessageDigest.isEqual(bits, other.bits);
    }

    private void check() {
        if (destroyed) {
            throw new IllegalStateException("key material destroyed");
        }
    }

    @Override
    public void destroy() {
        Arrays.fill(bits, (byte) 0);
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
        return "KeyMaterial[" + bitLength + " bits" + (destroyed ? ", destroyed" : "") + "]";
    }
}
