package io.qkdmodem.hal.pi4j;

import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.HalConfigException;
import io.qkdmodem.hal.config.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GPIO pin map of the {@code pi4j-gpio} backend, read from {@code gpio.pin.*} settings as BCM
 * numbers. Every configured pin must be a usable GPIO of the Raspberry Pi 40-pin header (BCM 2 to
 * 27; 0 and 1 are reserved for the HAT ID EEPROM) and no two roles may share a pin; both rules are
 * checked over all configured pins, before any line is opened, with an error naming the setting(s).
 *
 * <p>Alice: {@code trigger} (slot clock and laser trigger, also wired to Bob's {@code sync-in}),
 * {@code frame} (high for the whole frame, wired to Bob's {@code frame-in}), {@code mod-basis} and
 * {@code mod-bit} (the modulator's state code, basis &lt;&lt; 1 | bit), {@code intensity0} and
 * {@code intensity1} (the intensity class code; 2 = vacuum makes the laser driver skip the pulse).
 * Bob: {@code sync-in}, {@code frame-in}, {@code basis-out} (active basis choice), {@code
 * detector0..3} (latched detector outputs; 2 for an active, 4 for a passive basis choice). Both:
 * optional {@code status} LED.
 */
public final class GpioPinMap {
    public static final int MIN_BCM = 2;
    public static final int MAX_BCM = 27;

    /** Alice's line roles, in setting order. */
    public static final List<String> ALICE =
            List.of("trigger", "frame", "mod-basis", "mod-bit", "intensity0", "intensity1");

    /** Bob's line roles (detector2/3 only for four detectors, basis-out only for active). */
    public static final List<String> BOB =
            List.of(
                    "sync-in",
                    "frame-in",
                    "basis-out",
                    "detector0",
                    "detector1",
                    "detector2",
                    "detector3");

    private final Map<String, Integer> pins;

    private GpioPinMap(Map<String, Integer> pins) {
        this.pins = pins;
    }

    public static Setting<Integer> setting(String role) {
        return Setting.ofInt(
                "gpio.pin." + role,
                "BCM number of the " + role + " line",
                -1,
                -1,
                Integer.MAX_VALUE);
    }

    /** All pin settings, for documentation. */
    public static List<Setting<?>> settings() {
        List<Setting<?>> all = new ArrayList<>();
        for (String r : ALICE) {
            all.add(setting(r));
        }
        for (String r : BOB) {
            all.add(setting(r));
        }
        all.add(setting("status"));
        return all;
    }

    /** Reads and checks every configured pin. */
    public static GpioPinMap fromConfig(HalConfig config) {
        Map<String, Integer> pins = new LinkedHashMap<>();
        Map<Integer, String> byPin = new LinkedHashMap<>();
        List<String> roles = new ArrayList<>(ALICE);
        roles.addAll(BOB);
        roles.add("status");
        for (String role : roles) {
            Setting<Integer> s = setting(role);
            if (!config.contains(s)) {
                continue;
            }
            int bcm = config.get(s);
            if (bcm < MIN_BCM || bcm > MAX_BCM) {
                throw new HalConfigException(
                        "setting "
                                + s.name()
                                + " = "
                                + bcm
                                + " is not a usable GPIO of the 40-pin header: use BCM "
                                + MIN_BCM
                                + " to "
                                + MAX_BCM);
            }
            String other = byPin.putIfAbsent(bcm, s.name());
            if (other != null) {
                throw new HalConfigException(
                        "settings "
                                + other
                                + " and "
                                + s.name()
                                + " both use BCM "
                                + bcm
                                + ": each line needs its own pin");
            }
            pins.put(role, bcm);
        }
        return new GpioPinMap(Map.copyOf(pins));
    }

    /** The BCM pin of a role. */
    public int pin(String role) {
        Integer p = pins.get(role);
        if (p == null) {
            throw new HalConfigException("setting gpio.pin." + role + " is required");
        }
        return p;
    }

    public boolean has(String role) {
        return pins.containsKey(role);
    }

    /** Checks that all of Alice's lines are configured. */
    public void requireAlice() {
        for (String r : ALICE) {
            pin(r);
        }
    }

    /** Checks Bob's lines for the given detector count and basis choice. */
    public void requireBob(int detectors, boolean active) {
        pin("sync-in");
        pin("frame-in");
        if (active) {
            pin("basis-out");
        }
        for (int d = 0; d < detectors; d++) {
            pin("detector" + d);
        }
    }

    /** The Pi4J id under which a role's line is registered ({@code qkd-<role>}). */
    public static String ioId(String role) {
        return "qkd-" + role;
    }

    @Override
    public String toString() {
        return "GpioPinMap" + pins;
    }
}
