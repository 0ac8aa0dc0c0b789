package io.qkdmodem.hal.frontend;

import io.qkdmodem.hal.HalException;

/** The front-end answered with an error status, or its answer was corrupt. */
public final class FrontEndException extends HalException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public FrontEndException(int status, String message) {
        super(message + " (front-end status " + FrontEndProtocol.statusName(status) + ")");
        this.status = status;
    }

    /** The status code, or {@link FrontEndProtocol#STATUS_CORRUPT} for a bad CRC or framing. */
    public int status() {
        return status;
    }
}
