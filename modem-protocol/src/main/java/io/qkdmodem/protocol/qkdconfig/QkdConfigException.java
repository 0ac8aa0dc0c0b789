package io.qkdmodem.protocol.qkdconfig;

import java.util.Objects;

/**
 * A QKD Configuration message that cannot be decoded or built. The {@link Reason} says which rule
 * was broken; the message never contains Content or Tag bytes.
 */
public final class QkdConfigException extends Exception {

    /** Every way a QKD Configuration message can be malformed. */
    public enum Reason {
        /** Fewer bytes than the fixed 15-byte header, or than the Length field announces. */
        TRUNCATED,
        /** More bytes than the Length field announces. */
        TRAILING_BYTES,
        /** The Length field is below the fixed header plus the tag the Authentication demands. */
        LENGTH_TOO_SMALL,
        /** The Length field exceeds {@link QkdConfigMessage#MAX_LENGTH}. */
        LENGTH_TOO_LARGE,
        UNKNOWN_TYPE,
        UNKNOWN_PROTOCOL,
        /** The Type does not match the Protocol (e.g. E91 with the uncertainty type). */
        TYPE_PROTOCOL_MISMATCH,
        /** Version 0 is reserved. */
        INVALID_VERSION,
        /** Key-Length is 0 or above 2^31 - 1 bytes. */
        INVALID_KEY_LENGTH,
        /** TTL is 0: a key that may never be used. */
        INVALID_TTL,
        UNKNOWN_AUTHENTICATION,
        UNKNOWN_ENCODING,
        /** The Tag given to a builder does not have the length the Authentication fixes. */
        TAG_LENGTH_MISMATCH
    }

    private final Reason reason;

    public QkdConfigException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
