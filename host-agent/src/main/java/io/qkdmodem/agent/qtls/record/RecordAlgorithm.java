package io.qkdmodem.agent.qtls.record;

/** Bulk protection of records. */
public enum RecordAlgorithm {
    /** AES-256-GCM from the JDK's provider (hardware AES where the CPU has it). */
    AES_256_GCM("AES/GCM/NoPadding", "AES", 32, 12, 16),
    /** ChaCha20-Poly1305 (RFC 8439), for boards without AES instructions. */
    CHACHA20_POLY1305("ChaCha20-Poly1305", "ChaCha20", 32, 12, 16),
    /** One-time pad plus a Wegman-Carter tag, fresh QKD key for every record. */
    OTP_WEGMAN_CARTER(null, null, 0, 0, 16);

    private final String transformation;
    private final String keyAlgorithm;
    private final int keyLength;
    private final int ivLength;
    private final int tagLength;

    RecordAlgorithm(
            String transformation,
            String keyAlgorithm,
            int keyLength,
            int ivLength,
            int tagLength) {
        this.transformation = transformation;
        this.keyAlgorithm = keyAlgorithm;
        this.keyLength = keyLength;
        this.ivLength = ivLength;
        this.tagLength = tagLength;
    }

    public String transformation() {
        return transformation;
    }

    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    public int keyLength() {
        return keyLength;
    }

    public int ivLength() {
        return ivLength;
    }

    public int tagLength() {
        return tagLength;
    }
}
