package io.qkdmodem.agent.postprocessing.message;

/** Bytes that are not a well-formed post-processing message. The message never quotes key bits. */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
