package io.qkdmodem.protocol.qkdconfig;

/**
 * The Protocol field: which quantum key protocol. Codes are ours; see docs/protocol/qkd-config.md.
 */
public enum QkdProtocol {
    BB84(0x01, QkdType.UNCERTAINTY),
    B92(0x02, QkdType.UNCERTAINTY),
    E91(0x03, QkdType.ENTANGLEMENT);

    private final int code;
    private final QkdType type;

    QkdProtocol(int code, QkdType type) {
        this.code = code;
        this.type = type;
    }

    public int code() {
        return code;
    }

    /** The only Type value a message carrying this protocol may have. */
    public QkdType type() {
        return type;
    }

    /** The protocol with this code, or {@code null} if no protocol has it. */
    public static QkdProtocol fromCode(int code) {
        for (QkdProtocol p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        return null;
    }
}
