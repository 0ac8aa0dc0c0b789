package io.qkdmodem.firmware.auth;

import java.security.MessageDigest;

/**
 * Wegman-Carter tags: {@code tag = (h_k(m) + s) mod p} with {@link PolyHash61} keyed by a fresh
 * 61-bit {@code k} and a fresh 61-bit one-time pad {@code s}, both taken from the authentication
 * key pool ({@link TagKey}). Each tag key is used for exactly one message, so a forgery succeeds
 * with probability at most {@code (n + 1) / (2^61 - 1)} for a message of n 7-byte chunks (about
 * 2^-44 for a 1 MiB transcript), whatever the attacker's computing power.
 */
public final class WegmanCarter {
    /** Tag length on the wire, in bytes. */
    public static final int TAG_BYTES = 8;

    private WegmanCarter() {}

    /** Starts a streaming tag computation under {@code key}; the caller feeds the transcript. */
    public static Tagger start(TagKey key) {
        return new Tagger(key);
    }

    /** Constant-time comparison of two tags. */
    public static boolean tagsEqual(long a, long b) {
        byte[] x = toBytes(a);
        byte[] y = toBytes(b);
        return MessageDigest.isEqual(x, y);
    }

    static byte[] toBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    /** One tag in progress. */
    public static final class Tagger {
        private final PolyHash61 hash;
        private long pad;

        private Tagger(TagKey key) {
            this.hash = new PolyHash61(key.hashKey());
            this.pad = PolyHash61.reduce(key.pad() & PolyHash61.P);
        }

        public Tagger update(byte[] b) {
            hash.update(b);
            return this;
        }

        public Tagger update(byte[] b, int off, int len) {
            hash.update(b, off, len);
            return this;
        }

        /** The tag; the key material is zeroized. */
        public long finish() {
            long t = PolyHash61.addMod(hash.finish(), pad);
            pad = 0;
            return t;
        }

        /** Drops the computation and zeroizes it. */
        public void destroy() {
            hash.destroy();
            pad = 0;
        }
    }
}
