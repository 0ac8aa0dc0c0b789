package io.qkdmodem.hal;

/**
 * The one checked error of the hardware abstraction. Every backend converts its own failures (I/O,
 * Pi4J, a front-end protocol error, a failed entropy health test) into this type or a subclass, so
 * the firmware handles hardware trouble in one place.
 */
public class HalException extends Exception {
    private static final long serialVersionUID = 1L;

    public HalException(String message) {
        super(message);
    }

    public HalException(String message, Throwable cause) {
        super(message, cause);
    }
}
