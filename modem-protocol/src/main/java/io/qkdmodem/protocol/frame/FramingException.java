package io.qkdmodem.protocol.frame;

/** A malformed frame on the wire; the decoder has already skipped it when this is thrown. */
public final class FramingException extends Exception {

    /** Every way a frame can be malformed. */
    public enum Reason {
        /** More bytes than the largest encoded frame arrived without a delimiter. */
        TOO_LONG,
        /** The bytes between two delimiters are not valid COBS. */
        BAD_STUFFING,
        /** Fewer decoded bytes than header plus CRC. */
        TOO_SHORT,
        /** The header's length field disagrees with the decoded size. */
        LENGTH_MISMATCH,
        /** The CRC-32C does not match. */
        BAD_CRC,
        /** Reserved flag bits are set. */
        BAD_FLAGS
    }

    private final Reason reason;

    public FramingException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
