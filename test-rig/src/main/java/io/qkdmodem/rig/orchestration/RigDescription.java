package io.qkdmodem.rig.orchestration;

import io.qkdmodem.rig.scenario.SerialMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Describes the bench a rig runs on, read from a properties file. {@code simulated} (the default,
 * {@code rigs/simulated.properties} in the jar): both modems run in this process on simulated
 * optics. {@code boards}: two real modem boards, each wired to this host by a serial device; the
 * rig runs the two host agents and the tunnel, and the optics are whatever the boards have.
 *
 * <p>Keys: {@code rig.name}, {@code rig.kind} ({@code simulated} | {@code boards}), {@code
 * serial.baud}; for boards {@code alice.serial.device}, {@code bob.serial.device}, optional {@code
 * alice.device-id}, {@code bob.device-id}. Unknown keys are an error, so a typo is not silently
 * ignored.
 */
public record RigDescription(
        String name,
        Kind kind,
        int baud,
        String aliceDevice,
        String bobDevice,
        String aliceDeviceId,
        String bobDeviceId) {

    /** Where the modems are. */
    public enum Kind {
        SIMULATED,
        BOARDS
    }

    private static final Set<String> KEYS =
            Set.of(
                    "rig.name",
                    "rig.kind",
                    "serial.baud",
                    "alice.serial.device",
                    "bob.serial.device",
                    "alice.device-id",
                    "bob.device-id");

    public RigDescription {
        Objects.requireNonNull(name);
        Objects.requireNonNull(kind);
    }

    /** The built-in simulated rig. */
    public static RigDescription simulatedDefault() {
        try (InputStream in =
                RigDescription.class.getResourceAsStream("/rigs/simulated.properties")) {
            if (in == null) {
                throw new IllegalStateException("rigs/simulated.properties missing from the jar");
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return parse(p, "rigs/simulated.properties");
        } catch (IOException | RigException e) {
            throw new IllegalStateException(
                    "built-in rig description is broken: " + e.getMessage());
        }
    }

    /** Reads and checks a rig description file. */
    public static RigDescription load(Path file) throws RigException {
        if (!Files.isRegularFile(file)) {
            throw new RigException("rig description " + file + " does not exist");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new RigException(
                    "rig description " + file + " cannot be read: " + e.getMessage());
        }
        return parse(p, file.toString());
    }

    static RigDescription parse(Properties p, String source) throws RigException {
        List<String> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            problems.add("unknown keys " + unknown + " (known: " + new TreeSet<>(KEYS) + ")");
        }
        String name = p.getProperty("rig.name", "unnamed").strip();
        String kindText = p.getProperty("rig.kind", "simulated").strip();
        Kind kind = null;
        switch (kindText) {
            case "simulated" -> kind = Kind.SIMULATED;
            case "boards" -> kind = Kind.BOARDS;
            default -> problems.add("rig.kind must be simulated or boards, got '" + kindText + "'");
        }
        int baud = 115_200;
        String baudText = p.getProperty("serial.baud");
        if (baudText != null) {
            try {
                baud = Integer.parseInt(baudText.strip());
                if (baud < 300 || baud > 4_000_000) {
                    problems.add("serial.baud must be 300..4000000, got " + baud);
                }
            } catch (NumberFormatException e) {
                problems.add("serial.baud must be a whole number, got '" + baudText + "'");
            }
        }
        String alice = trimmed(p, "alice.serial.device");
        String bob = trimmed(p, "bob.serial.device");
        if (kind == Kind.BOARDS) {
            if (alice == null) {
                problems.add("alice.serial.device is required for rig.kind=boards");
            }
            if (bob == null) {
                problems.add("bob.serial.device is required for rig.kind=boards");
            }
            if (alice != null && alice.equals(bob)) {
                problems.add("alice and bob cannot share serial device " + alice);
            }
        } else if (kind == Kind.SIMULATED && (alice != null || bob != null)) {
            problems.add("serial devices are only for rig.kind=boards");
        }
        if (!problems.isEmpty()) {
            throw new RigException(
                    "rig description " + source + ": " + String.join("; ", problems));
        }
        return new RigDescription(
                name,
                kind,
                baud,
                alice,
                bob,
                p.getProperty("alice.device-id", "alice").strip(),
                p.getProperty("bob.device-id", "bob").strip());
    }

    /**
     * The serial mode this rig runs with, given what the command line asked for; a simulated rig
     * takes pipe or pty, a board rig only its devices.
     */
    public SerialMode serialModeFor(SerialMode requested) throws RigException {
        if (kind == Kind.BOARDS) {
            return SerialMode.DEVICE;
        }
        if (requested == SerialMode.DEVICE) {
            throw new RigException(
                    "--serial device needs a rig description with rig.kind=boards (see --rig and"
                            + " docs/rig.md)");
        }
        return requested;
    }

    /** Checks that the devices of a board rig exist, before anything is started. */
    public void checkDevicesPresent() throws RigException {
        if (kind != Kind.BOARDS) {
            return;
        }
        for (String[] d : new String[][] {{"alice", aliceDevice}, {"bob", bobDevice}}) {
            if (!Files.exists(Path.of(d[1]))) {
                throw new RigException(
                        d[0]
                                + "'s modem serial device "
                                + d[1]
                                + " is not there (is the board plugged in? see docs/rig.md)");
            }
        }
    }

    public String device(Role role) {
        return role == Role.ALICE ? aliceDevice : bobDevice;
    }

    private static String trimmed(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
