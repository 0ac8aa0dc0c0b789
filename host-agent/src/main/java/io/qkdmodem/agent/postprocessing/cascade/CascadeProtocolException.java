package io.qkdmodem.agent.postprocessing.cascade;

/**
 * A Cascade message that does not fit the protocol state (wrong node, wrong count, too much leak).
 */
public final class CascadeProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public CascadeProtocolException(String message) {
        super(message);
    }
}
