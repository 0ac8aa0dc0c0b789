package io.qkdmodem.firmware.acquisition;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A cryptographic random generator for choices the peer later sees (the link monitor's disclosed
 * sample positions): AES-256 in counter mode under a key from the entropy source, with fast key
 * erasure (each refill of {@value #CHUNK} bytes first produces the next key and forgets the old
 * one). Unlike a {@code SplittableRandom}, its outputs reveal nothing about later ones, so an
 * eavesdropper cannot predict which slots will be sampled. Not thread-safe.
 */
public final class CtrRandom implements RandomGenerator {
    /** Seed (AES-256 key) length. */
    public static final int SEED_BYTES = 32;

    static final int CHUNK = 4096;

    private final byte[] key = new byte[SEED_BYTES];
    private final byte[] buf = new byte[CHUNK];
    private int pos = CHUNK;

    /**
     * @param seed {@value #SEED_BYTES} bytes from the entropy source (copied; the caller wipes)
     */
    public CtrRandom(byte[] seed) {
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("seed must be " + SEED_BYTES + " bytes");
        }
        System.arraycopy(seed, 0, key, 0, SEED_BYTES);
    }

    @Override
    public long nextLong() {
        if (pos + 8 > CHUNK) {
            refill();
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (buf[pos] & 0xff);
            buf[pos++] = 0;
        }
        return v;
    }

    private void refill() {
        byte[] out = new byte[SEED_BYTES + CHUNK];
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            SecretKeySpec spec = new SecretKeySpec(key, "AES");
            // a fresh key per chunk, so the all-zero counter start is never reused under one key
            c.init(Cipher.ENCRYPT_MODE, spec, new IvParameterSpec(new byte[16]));
            c.doFinal(out, 0, out.length, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable", e);
        }
        System.arraycopy(out, 0, key, 0, SEED_BYTES);
        System.arraycopy(out, SEED_BYTES, buf, 0, CHUNK);
        Arrays.fill(out, (byte) 0);
        pos = 0;
    }

    @Override
    public String toString() {
        return "CtrRandom";
    }
}
