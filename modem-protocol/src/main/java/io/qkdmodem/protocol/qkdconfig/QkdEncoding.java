package io.qkdmodem.protocol.qkdconfig;

/**
 * The Encoding field: the technique, if any, that enciphers the Content field. This codec only
 * carries the content; enciphering is the caller's job. Codes are ours; see
 * docs/protocol/qkd-config.md.
 */
public enum QkdEncoding {
    /** Content in clear. */
    NONE(0x00),
    /** Content XORed with QKD key of the same length (one-time pad). */
    ONE_TIME_PAD(0x01),
    /** Content is AES-256-GCM ciphertext with its 16-byte GCM tag appended. */
    AES_256_GCM(0x02);

    private final int code;

    QkdEncoding(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The encoding with this code, or {@code null} if none has it. */
    public static QkdEncoding fromCode(int code) {
        for (QkdEncoding e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }
}
