package io.qkdmodem.agent.qtls.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Running SHA-256 of handshake_messages (RFC 5246 section 7.4.9): every handshake message,
 * including every public BB84 discussion message, as it appears on the wire with its header.
 */
public final class TranscriptHash {
    private final MessageDigest digest;
    private long bytes;

    public TranscriptHash() {
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    public void update(byte[] message) {
        digest.update(message);
        bytes += message.length;
    }

    /** Hash(handshake_messages so far), without ending the running hash. */
    public byte[] current() {
        try {
            return ((MessageDigest) digest.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 not cloneable", e);
        }
    }

    public long length() {
        return bytes;
    }
}
