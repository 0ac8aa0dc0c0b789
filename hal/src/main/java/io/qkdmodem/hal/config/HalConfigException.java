package io.qkdmodem.hal.config;

/** A configuration value is missing, malformed, out of bounds or inconsistent with another one. */
public class HalConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public HalConfigException(String message) {
        super(message);
    }
}
