package io.qkdmodem.firmware.runtime;

/** A firmware instance could not start; the message is one line naming the part and the cause. */
public final class FirmwareException extends Exception {
    private static final long serialVersionUID = 1L;

    public FirmwareException(String message) {
        super(message);
    }

    public FirmwareException(String message, Throwable cause) {
        super(message, cause);
    }
}
