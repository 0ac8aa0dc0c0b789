package io.qkdmodem.hal.serial;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a serial port. Every setting has a default and bounds; {@link Builder#build()} states
 * the rule a bad value breaks. Line format is fixed at 8 data bits, no parity, one stop bit, no
 * flow control.
 */
public final class SerialConfig {

    /** Default line rate: 115200 baud. */
    public static final int DEFAULT_BAUD = 115_200;

    private final String path;
    private final int baud;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final int reconnectAttempts;
    private final Duration reconnectInterval;

    private SerialConfig(Builder b) {
        this.path = b.path;
        this.baud = b.baud;
        this.readTimeout = b.readTimeout;
        this.writeTimeout = b.writeTimeout;
        this.reconnectAttempts = b.reconnectAttempts;
        this.reconnectInterval = b.reconnectInterval;
    }

    public static Builder builder(String path) {
        return new Builder(path);
    }

    /** Device path, e.g. /dev/ttyUSB0 or a pseudo-terminal such as /dev/pts/5. */
    public String path() {
        return path;
    }

    public int baud() {
        return baud;
    }

    /**
     * How long a read waits for its first byte. Linux serial timeouts have a granularity of a tenth
     * of a second; shorter values are rounded up by the driver.
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    public Duration writeTimeout() {
        return writeTimeout;
    }

    /** How many times to try to reopen the device after it disappears; 0 disables reconnecting. */
    public int reconnectAttempts() {
        return reconnectAttempts;
    }

    public Duration reconnectInterval() {
        return reconnectInterval;
    }

    @Override
    public String toString() {
        return "SerialConfig{"
                + path
                + " @"
                + baud
                + " baud, read "
                + readTimeout.toMillis()
                + " ms, write "
                + writeTimeout.toMillis()
                + " ms, reconnect "
                + reconnectAttempts
                + " x "
                + reconnectInterval.toMillis()
                + " ms}";
    }

    /** Builder with the defaults of each setting. */
    public static final class Builder {
        private final String path;
        private int baud = DEFAULT_BAUD;
        private Duration readTimeout = Duration.ofMillis(100);
        private Duration writeTimeout = Duration.ofSeconds(2);
        private int reconnectAttempts = 10;
        private Duration reconnectInterval = Duration.ofMillis(500);

        private Builder(String path) {
            this.path = Objects.requireNonNull(path, "path");
        }

        /** Line rate, 300..4_000_000 baud; default 115200. */
        public Builder baud(int baud) {
            this.baud = baud;
            return this;
        }

        /** 1 ms..60 s; default 100 ms. */
        public Builder readTimeout(Duration d) {
            this.readTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** 1 ms..60 s; default 2 s. */
        public Builder writeTimeout(Duration d) {
            this.writeTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** 0..1000 attempts, 1 ms..60 s apart; default 10 x 500 ms. */
        public Builder reconnect(int attempts, Duration interval) {
            this.reconnectAttempts = attempts;
            this.reconnectInterval = Objects.requireNonNull(interval);
            return this;
        }

        public SerialConfig build() {
            if (path.isBlank()) {
                throw new IllegalArgumentException("path must not be blank");
            }
            if (baud < 300 || baud > 4_000_000) {
                throw new IllegalArgumentException("baud must be 300..4000000, got " + baud);
            }
            checkDuration("readTimeout", readTimeout);
            checkDuration("writeTimeout", writeTimeout);
            checkDuration("reconnectInterval", reconnectInterval);
            if (reconnectAttempts < 0 || reconnectAttempts > 1000) {
                throw new IllegalArgumentException(
                        "reconnect attempts must be 0..1000, got " + reconnectAttempts);
            }
            return new SerialConfig(this);
        }

        private static void checkDuration(String name, Duration d) {
            if (d.toMillis() < 1 || d.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException(name + " must be 1 ms..60 s, got " + d);
            }
        }
    }
}
