package io.qkdmodem.hal.pi4j;

import com.pi4j.context.Context;
import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.backend.HalBackendProvider;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.HalConfigException;
import io.qkdmodem.hal.config.Setting;
import io.qkdmodem.hal.entropy.EntropySource;
import io.qkdmodem.hal.optics.BasisChoice;
import io.qkdmodem.hal.optics.Receiver;
import io.qkdmodem.hal.optics.Transmitter;
import io.qkdmodem.hal.status.RecordingStatusIndicator;
import io.qkdmodem.hal.status.StatusIndicator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code pi4j-gpio} backend: slow bench optics driven slot by slot over GPIO ({@link
 * GpioTransmitter}, {@link GpioReceiver}), pins from {@link GpioPinMap}, timing from {@link
 * GpioTiming}. The static {@code open*} methods take a Pi4J context and clock, which is how the
 * mock bench in the tests runs the whole GPIO path.
 */
public final class GpioBackendProvider implements HalBackendProvider {
    public static final Setting<String> BASIS_CHOICE =
            Setting.ofString("gpio.basis-choice", "active or passive", "active");
    public static final Setting<Integer> DETECTORS =
            Setting.ofInt("gpio.detectors", "2 or 4 detector inputs", 2, 2, 4);

    @Override
    public String name() {
        return "pi4j-gpio";
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    public boolean hardwarePresent() {
        return Pi4jContexts.gpioPresent();
    }

    @Override
    public List<Setting<?>> settings() {
        List<Setting<?>> s = new ArrayList<>(GpioPinMap.settings());
        s.addAll(GpioTiming.SETTINGS);
        s.add(BASIS_CHOICE);
        s.add(DETECTORS);
        return s;
    }

    @Override
    public Transmitter openTransmitter(HalConfig config, EntropySource entropy)
            throws HalException {
        GpioPinMap pins = GpioPinMap.fromConfig(config);
        GpioTiming timing = GpioTiming.fromConfig(config);
        return openTransmitter(Pi4jContexts.shared(), pins, timing, SlotClock.spinning());
    }

    @Override
    public Receiver openReceiver(HalConfig config, EntropySource entropy) throws HalException {
        return openReceiver(Pi4jContexts.shared(), config, SlotClock.spinning(), entropy);
    }

    @Override
    public StatusIndicator openStatusIndicator(HalConfig config) throws HalException {
        GpioPinMap pins = GpioPinMap.fromConfig(config);
        return pins.has("status")
                ? new GpioStatusIndicator(Pi4jContexts.shared(), pins.pin("status"))
                : new RecordingStatusIndicator();
    }

    public static GpioTransmitter openTransmitter(
            Context context, GpioPinMap pins, GpioTiming timing, SlotClock clock)
            throws HalException {
        return new GpioTransmitter(context, pins, timing, clock);
    }

    /** Opens Bob's GPIO receiver on a given context (checks the pin map and timing first). */
    public static GpioReceiver openReceiver(
            Context context, HalConfig config, SlotClock clock, EntropySource entropy)
            throws HalException {
        GpioPinMap pins = GpioPinMap.fromConfig(config);
        GpioTiming timing = GpioTiming.fromConfig(config);
        BasisChoice choice =
                switch (config.get(BASIS_CHOICE).toLowerCase(Locale.ROOT)) {
                    case "active" -> BasisChoice.ACTIVE;
                    case "passive" -> BasisChoice.PASSIVE;
                    default ->
                            throw new HalConfigException(
                                    "setting gpio.basis-choice must be active or passive");
                };
        int detectors = config.get(DETECTORS);
        if (detectors != 2 && detectors != 4 || choice == BasisChoice.PASSIVE && detectors != 4) {
            throw new HalConfigException(
                    "gpio.detectors must be 2 or 4, and 4 for a passive basis choice");
        }
        return new GpioReceiver(context, pins, timing, clock, entropy, choice, detectors);
    }
}
