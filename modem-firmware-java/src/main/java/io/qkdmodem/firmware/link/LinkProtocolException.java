package io.qkdmodem.firmware.link;

/** A link message could not be decoded, or arrived where the protocol does not allow it. */
public final class LinkProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public LinkProtocolException(String message) {
        super(message);
    }

    public LinkProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
