package io.qkdmodem.hal.backend;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.Setting;
import io.qkdmodem.hal.entropy.EntropySource;
import io.qkdmodem.hal.optics.Receiver;
import io.qkdmodem.hal.optics.Transmitter;
import io.qkdmodem.hal.status.StatusIndicator;
import java.util.List;

/**
 * One backend of the hardware abstraction, registered in {@code
 * META-INF/services/io.qkdmodem.hal.backend.HalBackendProvider}. Opening reads the backend's own
 * settings from the configuration and fails with {@link io.qkdmodem.hal.config.HalConfigException}
 * on a bad one, before touching hardware.
 */
public interface HalBackendProvider {

    /** The name used in {@code hal.backend}: "sim", "pi4j-gpio", "pi4j-spi-frontend". */
    String name();

    /** Whether this backend simulates the optics (it is never chosen by discovery on a board). */
    boolean simulated();

    /** Whether the hardware this backend drives is present here (cheap check, no side effects). */
    boolean hardwarePresent();

    /** The settings this backend reads, for documentation and {@code --help}. */
    List<Setting<?>> settings();

    /**
     * Opens Alice's optics.
     *
     * @param entropy Alice's entropy source (backends that need their own randomness use it)
     */
    Transmitter openTransmitter(HalConfig config, EntropySource entropy) throws HalException;

    /**
     * Opens Bob's optics.
     *
     * @param entropy Bob's entropy source (active basis choice)
     */
    Receiver openReceiver(HalConfig config, EntropySource entropy) throws HalException;

    StatusIndicator openStatusIndicator(HalConfig config) throws HalException;
}
