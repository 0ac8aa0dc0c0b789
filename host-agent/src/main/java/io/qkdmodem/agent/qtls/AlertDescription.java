package io.qkdmodem.agent.qtls;

/**
 * Alert descriptions: the codes of RFC 5246 section 7.2 that Quantum TLS uses, plus ours in the
 * private range 200-209 (documented in docs/protocol/quantum-tls.md).
 */
public enum AlertDescription {
    CLOSE_NOTIFY(0),
    UNEXPECTED_MESSAGE(10),
    BAD_RECORD_MAC(20),
    RECORD_OVERFLOW(22),
    HANDSHAKE_FAILURE(40),
    BAD_CERTIFICATE(42),
    UNSUPPORTED_CERTIFICATE(43),
    CERTIFICATE_EXPIRED(45),
    CERTIFICATE_UNKNOWN(46),
    ILLEGAL_PARAMETER(47),
    UNKNOWN_CA(48),
    DECODE_ERROR(50),
    DECRYPT_ERROR(51),
    PROTOCOL_VERSION(70),
    INTERNAL_ERROR(80),
    USER_CANCELED(90),
    /** QBER estimate above the configured threshold (paper section 3, step 2b). */
    EAVESDROPPING_DETECTED(200),
    /** The peer's QKD Configuration names a protocol, version or option we do not support. */
    UNSUPPORTED_QKD_CONFIGURATION(201),
    /** The session has drawn all the QKD key it holds; the connection ends cleanly. */
    QKD_KEY_EXHAUSTED(202),
    /** The peer kept using keys past the agreed TTL. */
    TTL_EXCEEDED(203),
    /** Error correction or verification failed, or distillation yielded too little key. */
    KEY_DISTILLATION_FAILED(204),
    /** A one-time pad offset was presented twice or out of order. */
    PAD_REUSE(205),
    /** The sifted-key reference is unknown to this side's modem. */
    UNKNOWN_KEY_REFERENCE(206);

    private final int code;

    AlertDescription(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The description for a wire code, or null when the code is unknown. */
    public static AlertDescription fromCode(int code) {
        for (AlertDescription d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        return null;
    }

    /** The lower-case name used in logs and documentation, e.g. {@code eavesdropping_detected}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
