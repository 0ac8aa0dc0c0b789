package io.qkdmodem.rig.scenario;

import java.util.Locale;

/**
 * Where a simulated rig runs its two modems' firmware. {@code IN_PROCESS}: both in the rig's JVM
 * (the firmware's embeddable API). {@code PROCESS}: each as its own JVM running the firmware's
 * command line ({@code modem-firmware run} with a generated configuration file), joined to the
 * other by a loopback TCP fiber and peer link, and to its host agent by a pseudo-terminal.
 */
public enum ModemHosting {
    IN_PROCESS,
    PROCESS;

    /** The spelling on the command line and in JSON: {@code in-process} or {@code process}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ModemHosting parse(String text) {
        for (ModemHosting h : values()) {
            if (h.cliName().equals(text)) {
                return h;
            }
        }
        throw new IllegalArgumentException(
                "modems must be in-process or process, got '" + text + "'");
    }
}
