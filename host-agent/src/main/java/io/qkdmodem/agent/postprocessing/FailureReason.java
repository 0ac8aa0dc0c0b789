package io.qkdmodem.agent.postprocessing;

/** Why post-processing produced no key. {@link #code()} travels in an Abort message. */
public enum FailureReason {
    /** The sample's error rate is above the abort threshold: possible eavesdropping. */
    QBER_ABOVE_THRESHOLD(1),
    /** The verification tags differ: Cascade left an error (a frame error). */
    VERIFICATION_FAILED(2),
    /** The finite-key bound leaves no secret bits after the leak. */
    NO_SECRET_KEY(3),
    /** Cascade would disclose more parities than the leak limit allows. */
    LEAK_LIMIT(4),
    /** The two sides disagree on public parameters (key length, decoy counts, final length). */
    PARAMETER_MISMATCH(5),
    /** The peer sent a message that is malformed or does not fit the protocol state. */
    PROTOCOL_VIOLATION(6),
    /** The peer aborted. */
    PEER_ABORTED(7);

    private final int code;

    FailureReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The reason with {@code code}, or {@link #PEER_ABORTED} for an unknown code. */
    public static FailureReason fromCode(int code) {
        for (FailureReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return PEER_ABORTED;
    }
}
