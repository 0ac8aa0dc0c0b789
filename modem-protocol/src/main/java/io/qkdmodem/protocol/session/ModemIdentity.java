package io.qkdmodem.protocol.session;

import java.util.Objects;

/**
 * What a modem says about itself in HELLO: device id (1..64 bytes), firmware version, capabilities.
 */
public record ModemIdentity(byte[] deviceId, String firmwareVersion, long capabilities) {

    /** Capability bit: the modem serves FETCH in chunks (always set in version 1). */
    public static final long CAP_CHUNKED_FETCH = 1L;

    /** Capability bit: the modem emits events. */
    public static final long CAP_EVENTS = 1L << 1;

    /** Capability bit: the modem accepts REPLENISH. */
    public static final long CAP_REPLENISH = 1L << 2;

    public ModemIdentity {
        Objects.requireNonNull(firmwareVersion);
        if (deviceId.length < 1 || deviceId.length > 64) {
            throw new IllegalArgumentException("device id has 1..64 bytes");
        }
        deviceId = deviceId.clone();
    }

    @Override
    public byte[] deviceId() {
        return deviceId.clone();
    }
}
