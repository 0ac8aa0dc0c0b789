package io.qkdmodem.firmware.auth;

import javax.security.auth.Destroyable;

/**
 * The one-time key of one Wegman-Carter tag: a hash key and a pad, 16 bytes of the authentication
 * key pool. Used once, then destroyed. Never printed.
 */
public final class TagKey implements Destroyable {
    /** Pool bytes per tag key. */
    public static final int BYTES = 16;

    private long hashKey;
    private long pad;
    private boolean destroyed;

    private TagKey(long hashKey, long pad) {
        this.hashKey = hashKey;
        this.pad = pad;
    }

    /** Reads 16 bytes at {@code off} (big-endian hash key, then pad). */
    public static TagKey of(byte[] b, int off) {
        return new TagKey(readLong(b, off), readLong(b, off + 8));
    }

    long hashKey() {
        check();
        return hashKey;
    }

    long pad() {
        check();
        return pad;
    }

    private void check() {
        if (destroyed) {
            throw new IllegalStateException("tag key destroyed");
        }
    }

    @Override
    public void destroy() {
        hashKey = 0;
        pad = 0;
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return destroyed ? "TagKey[destroyed]" : "TagKey[128 bits]";
    }

    static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return v;
    }
}
