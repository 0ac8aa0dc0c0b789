package io.qkdmodem.hal.pi4j;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.backend.HalBackendProvider;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.HalConfigException;
import io.qkdmodem.hal.config.Setting;
import io.qkdmodem.hal.entropy.EntropySource;
import io.qkdmodem.hal.frontend.FrontEndReceiver;
import io.qkdmodem.hal.frontend.FrontEndTransmitter;
import io.qkdmodem.hal.optics.Receiver;
import io.qkdmodem.hal.optics.Transmitter;
import io.qkdmodem.hal.status.RecordingStatusIndicator;
import io.qkdmodem.hal.status.StatusIndicator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code pi4j-spi-frontend} backend: the board side of the front-end protocol ({@link
 * FrontEndTransmitter}, {@link FrontEndReceiver}) over Pi4J SPI and two GPIO lines. The SPI0 pins
 * (BCM 7 to 11) cannot double as reset or frame-ready.
 */
public final class SpiFrontEndBackendProvider implements HalBackendProvider {
    public static final Setting<Integer> BUS = Setting.ofInt("spi.bus", "SPI bus", 0, 0, 6);
    public static final Setting<Integer> CHIP_SELECT =
            Setting.ofInt("spi.chip-select", "SPI chip select", 0, 0, 2);
    public static final Setting<Integer> BAUD =
            Setting.ofInt("spi.baud", "SPI clock in Hz", 8_000_000, 100_000, 125_000_000);
    public static final Setting<Integer> RESET_PIN =
            Setting.ofInt("spi.pin.reset", "BCM pin of the front-end's reset", 25, 2, 27);
    public static final Setting<Integer> READY_PIN =
            Setting.ofInt("spi.pin.frame-ready", "BCM pin of frame-ready", 24, 2, 27);

    @Override
    public String name() {
        return "pi4j-spi-frontend";
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    public boolean hardwarePresent() {
        return Pi4jContexts.gpioPresent() && Files.exists(Path.of("/dev/spidev0.0"));
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(BUS, CHIP_SELECT, BAUD, RESET_PIN, READY_PIN);
    }

    /** Checks the pins: distinct and clear of SPI0's BCM 7 to 11. */
    static void checkPins(HalConfig config) {
        int reset = config.get(RESET_PIN);
        int ready = config.get(READY_PIN);
        if (reset == ready) {
            throw new HalConfigException(
                    "settings spi.pin.reset and spi.pin.frame-ready both use BCM " + reset);
        }
        for (int p : new int[] {reset, ready}) {
            if (p >= 7 && p <= 11) {
                throw new HalConfigException(
                        "BCM "
                                + p
                                + " belongs to SPI0 (BCM 7 to 11): choose another reset/frame-ready pin");
            }
        }
    }

    @Override
    public Transmitter openTransmitter(HalConfig config, EntropySource entropy)
            throws HalException {
        checkPins(config);
        var ctx = Pi4jContexts.shared();
        Pi4jSpiLink spi =
                new Pi4jSpiLink(ctx, config.get(BUS), config.get(CHIP_SELECT), config.get(BAUD));
        Pi4jFrontEndLines lines =
                new Pi4jFrontEndLines(ctx, config.get(RESET_PIN), config.get(READY_PIN));
        return new FrontEndTransmitter(spi, lines, spi, lines);
    }

    @Override
    public Receiver openReceiver(HalConfig config, EntropySource entropy) throws HalException {
        checkPins(config);
        var ctx = Pi4jContexts.shared();
        Pi4jSpiLink spi =
                new Pi4jSpiLink(ctx, config.get(BUS), config.get(CHIP_SELECT), config.get(BAUD));
        Pi4jFrontEndLines lines =
                new Pi4jFrontEndLines(ctx, config.get(RESET_PIN), config.get(READY_PIN));
        return new FrontEndReceiver(spi, lines, entropy, spi, lines);
    }

    @Override
    public StatusIndicator openStatusIndicator(HalConfig config) {
        return new RecordingStatusIndicator();
    }
}
