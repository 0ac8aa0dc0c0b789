package io.qkdmodem.agent.qtls.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TLS 1.2 PRF of RFC 5246 section 5 with SHA-256: {@code PRF(secret, label, seed) =
 * P_SHA256(secret, label + seed)}, where {@code P_hash} iterates HMAC over {@code A(i)}.
 */
public final class Tls12Prf {
    private static final String HMAC = "HmacSHA256";

    private Tls12Prf() {}

    public static byte[] prf(byte[] secret, String label, byte[] seed, int length) {
        byte[] l = label.getBytes(StandardCharsets.US_ASCII);
        byte[] labelSeed = new byte[l.length + seed.length];
        System.arraycopy(l, 0, labelSeed, 0, l.length);
        System.arraycopy(seed, 0, labelSeed, l.length, seed.length);
        return pHash(secret, labelSeed, length);
    }

    /** P_SHA256(secret, seed) truncated to {@code length} bytes. */
    public static byte[] pHash(byte[] secret, byte[] seed, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            // HMAC accepts an empty key (RFC 2104); SecretKeySpec does not, so use one zero byte,
            // which HMAC pads to the same block as the empty key.
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, HMAC));
            byte[] out = new byte[length];
            byte[] a = seed;
            int off = 0;
            while (off < length) {
                a = mac.doFinal(a);
                mac.update(a);
                mac.update(seed);
                byte[] block = mac.doFinal();
                int n = Math.min(block.length, length - off);
                System.arraycopy(block, 0, out, off, n);
                Arrays.fill(block, (byte) 0);
                off += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
