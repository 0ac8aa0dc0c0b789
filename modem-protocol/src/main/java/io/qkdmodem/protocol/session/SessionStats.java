package io.qkdmodem.protocol.session;

/** Counters of one side of the link. Not thread-safe; read them from the driver's thread. */
public final class SessionStats {
    long framesReceived;
    long framingErrors;
    long authFailures;
    long replaysRejected;
    long unexpected;
    long retransmits;
    long wireBytesOut;
    long wireBytesIn;

    public long framesReceived() {
        return framesReceived;
    }

    /** Frames that failed CRC, stuffing or length checks. */
    public long framingErrors() {
        return framingErrors;
    }

    /** Frames whose AES-GCM tag did not verify, and failed AUTH proofs. */
    public long authFailures() {
        return authFailures;
    }

    /** Frames dropped because their sequence number was not fresh (replayed or reordered). */
    public long replaysRejected() {
        return replaysRejected;
    }

    /**
     * Frames dropped as out of place (responses to nothing, a plain answer to a protected request).
     */
    public long unexpected() {
        return unexpected;
    }

    public long retransmits() {
        return retransmits;
    }

    public long wireBytesOut() {
        return wireBytesOut;
    }

    public long wireBytesIn() {
        return wireBytesIn;
    }

    /** Everything rejected, for STATUS. */
    public long rejected() {
        return framingErrors + authFailures + replaysRejected + unexpected;
    }

    @Override
    public String toString() {
        return "SessionStats{in="
                + framesReceived
                + ", framing="
                + framingErrors
                + ", auth="
                + authFailures
                + ", replays="
                + replaysRejected
                + ", unexpected="
                + unexpected
                + ", retransmits="
                + retransmits
                + "}";
    }
}
