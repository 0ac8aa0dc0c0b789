package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;

/** AUTH answer from the modem: its proof HMAC-SHA-256(K_pair, "modem proof" | transcript). */
public record AuthResponse(byte[] proof) implements Message {

    public static final int PROOF_LENGTH = AuthRequest.PROOF_LENGTH;

    public AuthResponse {
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
        return true;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.bytes(proof);
    }
}
