package io.qkdmodem.agent.qtls.keysource;

/** The modem could not serve, find, consume or take key (unknown reference, pool empty, link). */
public final class KeySourceException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the request failed. */
    public enum Reason {
        INSUFFICIENT_KEY,
        UNKNOWN_REFERENCE,
        ALREADY_CONSUMED,
        UNAVAILABLE,
        /**
         * The block's counts contradict this agent's configured source model (its decoy class
         * probabilities differ from the modems'): the key must not be bounded with that model.
         */
        MODEL_MISMATCH
    }

    private final Reason reason;

    public KeySourceException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public KeySourceException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
