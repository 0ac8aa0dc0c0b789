package io.qkdmodem.hal.entropy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deterministic DRBG for simulation: AES-128 in counter mode under the key SHA-256("qkd-modem sim
 * drbg" || label || seed)[0..16). Same seed and label give the same bytes on every machine, so
 * simulated runs are reproducible. Never a source of real key material ({@link
 * EntropyKind#SIMULATION_DRBG}).
 */
public final class SeededDrbg implements EntropySource {
    private final String label;
    private final Cipher cipher;
    private final byte[] counter = new byte[16];
    private final byte[] block = new byte[16];
    private int used = 16;
    private boolean closed;

    public SeededDrbg(long seed, String label) {
        this.label = label;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("qkd-modem sim drbg".getBytes(StandardCharsets.US_ASCII));
            sha.update(label.getBytes(StandardCharsets.UTF_8));
            for (int i = 7; i >= 0; i--) {
                sha.update((byte) (seed >>> (8 * i)));
            }
            byte[] digest = sha.digest();
            byte[] key = Arrays.copyOf(digest, 16);
            cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            Arrays.fill(key, (byte) 0);
            Arrays.fill(digest, (byte) 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and AES are required", e);
        }
    }

    @Override
    public EntropyKind kind() {
        return EntropyKind.SIMULATION_DRBG;
    }

    @Override
    public String description() {
        return "seeded simulation DRBG (AES-128-CTR), label '" + label + "': not for real keys";
    }

    @Override
    public double claimedMinEntropyPerByte() {
        return 8;
    }

    @Override
    public synchronized void nextBytes(byte[] out) throws EntropyException {
        if (closed) {
            throw new EntropyException("simulation DRBG is closed");
        }
        for (int i = 0; i < out.length; i++) {
            if (used == 16) {
                refill();
            }
            out[i] = block[used++];
        }
    }

    private void refill() {
        for (int i = 15; i >= 0; i--) {
            if (++counter[i] != 0) {
                break;
            }
        }
        try {
            cipher.doFinal(counter, 0, 16, block, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        used = 0;
    }

    @Override
    public synchronized void close() {
        closed = true;
        Arrays.fill(block, (byte) 0);
    }

    @Override
    public String toString() {
        return description();
    }
}
