package io.qkdmodem.rig.orchestration;

/**
 * A rig could not be brought up or run: a missing device or program, a bad rig description, or a
 * part of the system that this build does not contain. The message is one line for a user.
 */
public final class RigException extends Exception {

    public RigException(String message) {
        super(message);
    }

    public RigException(String message, Throwable cause) {
        super(message, cause);
    }
}
