package io.qkdmodem.protocol.message;

/** The frame header's type byte. A response carries its request's type and the RESPONSE flag. */
public enum MessageType {
    HELLO(0x01),
    AUTH(0x02),
    STATUS(0x03),
    RESERVE(0x04),
    FETCH(0x05),
    CONSUME(0x06),
    CONFIGURE(0x07),
    REPLENISH(0x08),
    SUBSCRIBE(0x09),
    /** A reference's block and that block's acquisition counts (decoy-state estimation). */
    COUNTS(0x0B),
    /** Unsolicited, modem to host, never a response. */
    EVENT(0x0A),
    /** A response that reports failure of the request with the same sequence number. */
    ERROR(0x7F);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this code, or {@code null}. */
    public static MessageType fromCode(int code) {
        for (MessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
