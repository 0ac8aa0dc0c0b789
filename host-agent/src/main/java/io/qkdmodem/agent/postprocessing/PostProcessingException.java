package io.qkdmodem.agent.postprocessing;

/**
 * The one error type of post-processing. {@link Kind#REJECTED} means the input was refused and the
 * state machine is unchanged (a malformed or unexpected message); {@link Kind#FAILED} means the
 * session has ended without a key ({@link #reason()} says why). Messages never contain key bits.
 */
public final class PostProcessingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Whether the session survived the error. */
    public enum Kind {
        REJECTED,
        FAILED
    }

    private final Kind kind;
    private final FailureReason reason;

    public PostProcessingException(Kind kind, FailureReason reason, String message) {
        super(reason + ": " + message);
        this.kind = kind;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    public FailureReason reason() {
        return reason;
    }
}
