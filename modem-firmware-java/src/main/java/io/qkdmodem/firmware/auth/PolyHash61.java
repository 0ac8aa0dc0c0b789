package io.qkdmodem.firmware.auth;

import java.util.Arrays;

/**
 * Streaming polynomial hash over the prime field GF(2^61 - 1): the message is cut into 7-byte
 * chunks {@code c_1..c_n} (the last one zero-padded), followed by its byte length {@code L}, and
 * hashed as {@code h = c_1 k^(n+1) + c_2 k^n + ... + c_n k^2 + L k (mod p)} by Horner's rule. For
 * two different messages of at most {@code n} chunks, {@code Pr_k[h(m) = h(m') + d] <= (n + 1) / p}
 * for any d: the family is almost-XOR... strictly, almost-Delta-universal over the additive group
 * of GF(p), which is what a Wegman-Carter tag {@code h_k(m) + s (mod p)} with a one-time pad {@code
 * s} needs (see docs/security.md).
 *
 * <p>Not thread-safe. The key is a secret: {@link #destroy()} zeroizes it.
 */
public final class PolyHash61 {
    /** The Mersenne prime 2^61 - 1. */
    public static final long P = (1L << 61) - 1;

    private static final int CHUNK = 7;

    private long key;
    private long acc;
    private long length;
    private final byte[] pending = new byte[CHUNK];
    private int pendingLen;
    private boolean done;

    /**
     * @param key the hash key; reduced into [1, p) (a zero key would make every hash zero, so it is
     *     replaced by 1; this happens with probability 2^-61 for a uniform key)
     */
    public PolyHash61(long key) {
        long k = reduce(key & P);
        this.key = k == 0 ? 1 : k;
    }

    public PolyHash61 update(byte[] b) {
        return update(b, 0, b.length);
    }

    public PolyHash61 update(byte[] b, int off, int len) {
        if (done) {
            throw new IllegalStateException("hash already finished");
        }
        for (int i = 0; i < len; i++) {
            pending[pendingLen++] = b[off + i];
            if (pendingLen == CHUNK) {
                absorb(chunkValue());
                pendingLen = 0;
            }
        }
        length += len;
        return this;
    }

    /** Finishes and returns the hash in [0, p); the key is zeroized. */
    public long finish() {
        if (done) {
            throw new IllegalStateException("hash already finished");
        }
        if (pendingLen > 0) {
            Arrays.fill(pending, pendingLen, CHUNK, (byte) 0);
            absorb(chunkValue());
            pendingLen = 0;
        }
        absorb(length);
        long h = acc;
        destroy();
        done = true;
        return h;
    }

    private long chunkValue() {
        long v = 0;
        for (int i = 0; i < CHUNK; i++) {
            v = v << 8 | (pending[i] & 0xff);
        }
        return v;
    }

    private void absorb(long c) {
        acc = mulMod(addMod(acc, reduce(c)), key);
    }

    /** Zeroizes the key and state. */
    public void destroy() {
        key = 0;
        acc = 0;
        Arrays.fill(pending, (byte) 0);
        done = true;
    }

    static long addMod(long a, long b) {
        long s = a + b;
        return s >= P ? s - P : s;
    }

    /** (a * b) mod p for a, b in [0, p). */
    static long mulMod(long a, long b) {
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b);
        long r = (lo & P) + (lo >>> 61) + (hi << 3);
        return reduce(r);
    }

    static long reduce(long x) {
        // x < 2^63 here: fold once, then subtract.
        long r = (x & P) + (x >>> 61);
        return r >= P ? r - P : r;
    }
}
