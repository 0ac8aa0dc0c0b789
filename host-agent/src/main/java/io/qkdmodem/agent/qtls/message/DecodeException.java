package io.qkdmodem.agent.qtls.message;

/** A wire message could not be decoded; the engine answers it with a decode_error alert. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public DecodeException(String message) {
        super(message);
    }
}
