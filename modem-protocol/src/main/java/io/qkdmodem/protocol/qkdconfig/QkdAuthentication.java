package io.qkdmodem.protocol.qkdconfig;

/**
 * The Authentication field: whether the message is authenticated and by which code, which fixes the
 * length of the Tag field. This codec only carries the tag; computing and checking it is the
 * caller's job. Codes are ours; see docs/protocol/qkd-config.md.
 */
public enum QkdAuthentication {
    /** Not authenticated; the Tag field is empty. */
    NONE(0x00, 0),
    /** HMAC-SHA-256 (RFC 2104), full 32-byte tag. */
    HMAC_SHA256(0x01, 32),
    /** HMAC-SHA-256 truncated to its first 16 bytes (RFC 2104 section 5). */
    HMAC_SHA256_128(0x02, 16),
    /**
     * Wegman-Carter: a 16-byte universal-hash tag encrypted with one-time-pad key (information
     * theoretic).
     */
    WEGMAN_CARTER_128(0x03, 16);

    private final int code;
    private final int tagLength;

    QkdAuthentication(int code, int tagLength) {
        this.code = code;
        this.tagLength = tagLength;
    }

    public int code() {
        return code;
    }

    /** Length of the Tag field in bytes. */
    public int tagLength() {
        return tagLength;
    }

    /** The authentication with this code, or {@code null} if none has it. */
    public static QkdAuthentication fromCode(int code) {
        for (QkdAuthentication a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        return null;
    }
}
