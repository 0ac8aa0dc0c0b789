package io.qkdmodem.hal.entropy;

import io.qkdmodem.hal.HalException;

/** An entropy source could not deliver (device error, or it was stopped). */
public class EntropyException extends HalException {
    private static final long serialVersionUID = 1L;

    public EntropyException(String message) {
        super(message);
    }

    public EntropyException(String message, Throwable cause) {
        super(message, cause);
    }
}
