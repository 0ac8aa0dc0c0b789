package io.qkdmodem.hal.pi4j;

import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.HalConfigException;
import io.qkdmodem.hal.config.Setting;
import java.util.List;

/**
 * Slot timing of the {@code pi4j-gpio} backend. The slot period is bounded below by {@link
 * #MIN_SLOT_PERIOD_US} (2000 slots/s): Java on Linux handles GPIO events at tens of kHz with jitter
 * of tens to hundreds of microseconds, the kernel queues only 16 events per line, and every slot
 * costs Bob two to three events (sync, detectors) plus a basis-line write.
 *
 * @param slotPeriodNanos time from one trigger to the next
 * @param setupNanos modulator and intensity lines settle this long before the trigger
 * @param pulseWidthNanos how long the trigger is held high
 * @param gateNanos Bob counts a detector edge for a slot if it comes within this time of the slot's
 *     sync edge
 * @param maxSlotsPerFrame largest frame
 */
public record GpioTiming(
        long slotPeriodNanos,
        long setupNanos,
        long pulseWidthNanos,
        long gateNanos,
        int maxSlotsPerFrame) {

    public static final int MIN_SLOT_PERIOD_US = 500;

    public static final Setting<Integer> SLOT_PERIOD_US =
            Setting.ofInt(
                    "gpio.slot-period-us", "slot period in microseconds", 5000, 0, 10_000_000);
    public static final Setting<Integer> SETUP_US =
            Setting.ofInt(
                    "gpio.setup-us", "line settling time before the trigger", 20, 0, 1_000_000);
    public static final Setting<Integer> PULSE_US =
            Setting.ofInt("gpio.pulse-width-us", "trigger pulse width", 10, 1, 1_000_000);
    public static final Setting<Integer> GATE_US =
            Setting.ofInt(
                    "gpio.gate-us", "detector gate after each sync edge", 1000, 1, 10_000_000);
    public static final Setting<Integer> MAX_SLOTS =
            Setting.ofInt("gpio.max-slots-per-frame", "largest frame", 4096, 1, 1 << 20);
    public static final Setting<Boolean> UNCHECKED_RATE =
            Setting.ofBoolean(
                    "gpio.allow-any-slot-rate",
                    "lift the 2000 slots/s limit (only for the mock bench in tests)",
                    false);
    public static final List<Setting<?>> SETTINGS =
            List.of(SLOT_PERIOD_US, SETUP_US, PULSE_US, GATE_US, MAX_SLOTS, UNCHECKED_RATE);

    public static GpioTiming fromConfig(HalConfig c) {
        long period = c.get(SLOT_PERIOD_US);
        long setup = c.get(SETUP_US);
        long pulse = c.get(PULSE_US);
        long gate = c.get(GATE_US);
        if (!c.get(UNCHECKED_RATE) && period < MIN_SLOT_PERIOD_US) {
            throw new HalConfigException(
                    "setting gpio.slot-period-us = "
                            + period
                            + ": must be at least "
                            + MIN_SLOT_PERIOD_US
                            + " (2000 slots/s is what Java GPIO events on a Pi sustain)");
        }
        if (setup + pulse > period && !c.get(UNCHECKED_RATE)) {
            throw new HalConfigException(
                    "gpio.setup-us + gpio.pulse-width-us must fit in gpio.slot-period-us");
        }
        if (gate >= period && !c.get(UNCHECKED_RATE)) {
            throw new HalConfigException("gpio.gate-us must be shorter than gpio.slot-period-us");
        }
        return new GpioTiming(
                period * 1000, setup * 1000, pulse * 1000, gate * 1000, c.get(MAX_SLOTS));
    }

    /** Slots per second this timing runs at. */
    public double slotRate() {
        return slotPeriodNanos == 0 ? 1e9 : 1e9 / slotPeriodNanos;
    }
}
