package io.qkdmodem.hal.optics;

/**
 * What a transmitter backend is and what it can do.
 *
 * @param backend the backend name ("sim", "pi4j-gpio", "pi4j-spi-frontend")
 * @param maxSlotRate the highest slot rate this backend sustains, in slots per second (measured or
 *     documented; for the simulator, the nominal rate of the simulated laser)
 * @param maxSlotsPerFrame the largest frame it accepts
 * @param simulated whether photons are simulated rather than emitted
 */
public record TransmitterInfo(
        String backend, double maxSlotRate, int maxSlotsPerFrame, boolean simulated) {}
