package io.qkdmodem.protocol.message;

/** Codes of ERROR responses (u16). Table in docs/protocol/modem-link.md, checked by a test. */
public enum ErrorCode {
    /** The payload does not parse as the message its type announces. */
    MALFORMED(0x0001),
    /** No protocol version in common. */
    UNSUPPORTED_VERSION(0x0002),
    /** The request needs an authenticated session (only HELLO, AUTH and STATUS do not). */
    NOT_AUTHENTICATED(0x0003),
    /** The AUTH proof is wrong: not paired, or a different pairing secret. */
    AUTH_FAILED(0x0004),
    /** Unknown message type. */
    UNKNOWN_TYPE(0x0005),
    /** The message is not allowed in the session's current state. */
    UNEXPECTED_MESSAGE(0x0006),
    /** Not enough unreserved key bits in the store. */
    INSUFFICIENT_KEY(0x0010),
    /** No such key reference. */
    UNKNOWN_REFERENCE(0x0011),
    /** The reference was consumed; its bits are gone. */
    ALREADY_CONSUMED(0x0012),
    /** FETCH offset beyond the key, or a bit count out of range. */
    OUT_OF_RANGE(0x0013),
    /** The request id was already used with different parameters. */
    REQUEST_ID_CONFLICT(0x0014),
    /** CONFIGURE carried a configuration the modem cannot apply. */
    CONFIG_REJECTED(0x0015),
    /** The store or the authentication pool has no room. */
    STORE_FULL(0x0016),
    /** The modem is not in a state to serve (link down, health alarm). */
    UNAVAILABLE(0x0017),
    /** An unexpected failure inside the modem. */
    INTERNAL(0x00FF),
    /** Host side only, never on the wire: no response after all retransmits. */
    TIMEOUT(0xFF01),
    /** Host side only, never on the wire: the link or session closed. */
    CLOSED(0xFF02);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The error code with this value, or {@code null} if none has it. */
    public static ErrorCode fromCode(int code) {
        for (ErrorCode e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }

    /** True for the codes that may appear on the wire (the host-local ones may not). */
    public boolean onWire() {
        return code < 0x100;
    }
}
