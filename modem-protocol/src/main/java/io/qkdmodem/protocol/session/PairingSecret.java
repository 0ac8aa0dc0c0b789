package io.qkdmodem.protocol.session;

import java.util.Arrays;

/**
 * The secret provisioned into a modem and its host at pairing time (at least 16 bytes). A handle:
 * {@link #destroy()} zeroizes it; {@code toString()} never shows it.
 */
public final class PairingSecret {

    public static final int MIN_LENGTH = 16;

    private final byte[] secret;
    private volatile boolean destroyed;

    private PairingSecret(byte[] secret) {
        this.secret = secret;
    }

    /** Copies {@code secret}; the caller should wipe its own copy. */
    public static PairingSecret of(byte[] secret) {
        if (secret.length < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "a pairing secret has at least " + MIN_LENGTH + " bytes");
        }
        return new PairingSecret(secret.clone());
    }

    byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("pairing secret destroyed");
        }
        return secret;
    }

    public void destroy() {
        destroyed = true;
        Arrays.fill(secret, (byte) 0);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "PairingSecret{" + secret.length + "B" + (destroyed ? ", destroyed" : "") + "}";
    }
}
