package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;

/** AUTH from the host: its 32-byte proof HMAC-SHA-256(K_pair, "host proof" | transcript). */
public record AuthRequest(byte[] proof) implements Message {

    public static final int PROOF_LENGTH = 32;

    public AuthRequest {
        if (proof.length != PROOF_LENGTH) {
            throw new IllegalArgumentException("proof has 32 bytes");
        }
        proof = proof.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.AUTH;
    }

    @Override
    public boolean isResponse() {
        return false;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.bytes(proof);
    }
}
