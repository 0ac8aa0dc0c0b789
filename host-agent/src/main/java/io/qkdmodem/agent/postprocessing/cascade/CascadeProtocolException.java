package io.qkdmodem.agent.postprocessing.cascade;

/**
 * A Cascade message that does not fit the protocol state (wrong node, wrong count, too much leak),
 * or parities that contradict what is already known.
 *
 * <p>{@link #fatal()} tells whether the party's state may have changed: a message refused by its
 * size or shape before anything was taken from it leaves the party unchanged (not fatal); an
 * inconsistency found while using the parities, or a protocol bound crossed, ends the party (every
 * later call throws) and the session must end with an alert.
 */
public final class CascadeProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Cause {
        /** The message has the wrong size or names no node; nothing was changed. */
        INVALID_MESSAGE,
        /** Alice's parities contradict parities already known (tampering, or another key). */
        INCONSISTENT_PARITIES,
        /** A hard bound (leak, corrections, rounds) would be crossed. */
        BOUND_EXCEEDED,
        /** The leak limit would be crossed. */
        LEAK_LIMIT
    }

    private final Cause kind;

    public CascadeProtocolException(String message) {
        this(Cause.INVALID_MESSAGE, message);
    }

    public CascadeProtocolException(Cause kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Cause kind() {
        return kind;
    }

    /** Whether the party that threw has ended (its state may have changed). */
    public boolean fatal() {
        return kind != Cause.INVALID_MESSAGE;
    }
}
