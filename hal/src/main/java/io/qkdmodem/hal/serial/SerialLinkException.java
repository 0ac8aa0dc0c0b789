package io.qkdmodem.hal.serial;

import java.io.IOException;

/** Thrown by {@link SerialLink} operations; {@link #kind()} says why. */
public final class SerialLinkException extends IOException {

    /** Why a serial operation failed. */
    public enum Kind {
        /** The device could not be opened (absent, busy, no permission). */
        OPEN_FAILED,
        /** The link was closed by this side. */
        CLOSED,
        /** The device disappeared (unplugged) and could not be reopened. */
        DISCONNECTED,
        /** A write did not complete within the write timeout. */
        WRITE_TIMEOUT
    }

    private final Kind kind;

    public SerialLinkException(Kind kind, String message) {
        super(kind + ": " + message);
        this.kind = kind;
    }

    public SerialLinkException(Kind kind, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
