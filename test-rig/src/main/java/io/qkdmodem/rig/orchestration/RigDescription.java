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
import java.util.Optional;
import java.util.OptionalDouble;
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
 * serial.baud}; for boards {@code alice.serial.device}, {@code bob.serial.device}, {@code
 * alice.pairing-secret}, {@code bob.pairing-secret} (the hex files the boards' firmware pairs its
 * host with; relative paths are relative to the description file), optional {@code
 * alice.device-id}, {@code bob.device-id} (checked against the modems' HELLO) and {@code
 * fiber.length-km} (the bench's fiber, reported as the run's distance). Unknown keys are an error,
 * so a typo is not silently ignored.
 *
 * @param aliceDeviceId the device id Alice's board must announce, or null for any
 * @param bobDeviceId the same for Bob's board
 * @param alicePairingSecret (boards) the pairing secret shared with Alice's board, else null
 * @param bobPairingSecret (boards) the same for Bob's board
 * @param fiberLengthKmOrNaN (boards) the bench's fiber length, NaN when not described
 */
public record RigDescription(
        String name,
        Kind kind,
        int baud,
        String aliceDevice,
        String bobDevice,
        String aliceDeviceId,
        String bobDeviceId,
        Path alicePairingSecret,
        Path bobPairingSecret,
        double fiberLengthKmOrNaN) {

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
                    "bob.device-id",
                    "alice.pairing-secret",
                    "bob.pairing-secret",
                    "fiber.length-km");

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
            return parse(p, "rigs/simulated.properties", Path.of("."));
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
        Path dir = file.toAbsolutePath().getParent();
        return parse(p, file.toString(), dir);
    }

    /**
     * Checks a description's properties.
     *
     * @param source names the description in messages
     * @param baseDir relative file paths in the description are relative to this directory
     */
    static RigDescription parse(Properties p, String source, Path baseDir) throws RigException {
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
        String alicePairing = trimmed(p, "alice.pairing-secret");
        String bobPairing = trimmed(p, "bob.pairing-secret");
        String aliceId = trimmed(p, "alice.device-id");
        String bobId = trimmed(p, "bob.device-id");
        double fiberKm = Double.NaN;
        String fiberText = trimmed(p, "fiber.length-km");
        if (fiberText != null) {
            try {
                fiberKm = Double.parseDouble(fiberText);
            } catch (NumberFormatException e) {
                fiberKm = -1;
            }
            if (!(fiberKm >= 0 && fiberKm <= 400)) {
                problems.add("fiber.length-km must be a number 0..400, got '" + fiberText + "'");
                fiberKm = Double.NaN;
            }
        }
        for (String[] id :
                new String[][] {{"alice.device-id", aliceId}, {"bob.device-id", bobId}}) {
            if (id[1] != null && (id[1].length() > 64 || !id[1].matches("[\\x21-\\x7e]+"))) {
                problems.add(id[0] + " must be 1-64 printable characters without spaces");
            }
        }
        if (kind == Kind.BOARDS) {
            for (String[] req :
                    new String[][] {
                        {"alice.serial.device", alice},
                        {"bob.serial.device", bob},
                        {"alice.pairing-secret", alicePairing},
                        {"bob.pairing-secret", bobPairing}
                    }) {
                if (req[1] == null) {
                    problems.add(req[0] + " is required for rig.kind=boards");
                }
            }
            if (alice != null && alice.equals(bob)) {
                problems.add("alice and bob cannot share serial device " + alice);
            }
            if (aliceId != null && aliceId.equals(bobId)) {
                problems.add("alice and bob cannot share device id " + aliceId);
            }
        } else if (kind == Kind.SIMULATED) {
            List<String> boardOnly = new ArrayList<>();
            for (String key : BOARD_KEYS) {
                if (trimmed(p, key) != null) {
                    boardOnly.add(key);
                }
            }
            if (!boardOnly.isEmpty()) {
                problems.add(
                        (alice != null || bob != null ? "serial devices are" : boardOnly + " are")
                                + " only for rig.kind=boards");
            }
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
                aliceId,
                bobId,
                alicePairing == null ? null : baseDir.resolve(alicePairing),
                bobPairing == null ? null : baseDir.resolve(bobPairing),
                fiberKm);
    }

    private static final List<String> BOARD_KEYS =
            List.of(
                    "alice.serial.device",
                    "bob.serial.device",
                    "alice.pairing-secret",
                    "bob.pairing-secret",
                    "alice.device-id",
                    "bob.device-id",
                    "fiber.length-km");

    /** The bench's fiber length when the description states it (boards). */
    public OptionalDouble fiberLengthKm() {
        return Double.isNaN(fiberLengthKmOrNaN)
                ? OptionalDouble.empty()
                : OptionalDouble.of(fiberLengthKmOrNaN);
    }

    /** The device id {@code role}'s board must announce in its HELLO, if the description says. */
    public Optional<String> deviceId(Role role) {
        return Optional.ofNullable(role == Role.ALICE ? aliceDeviceId : bobDeviceId);
    }

    /** (boards) the pairing secret file shared with {@code role}'s board. */
    public Path pairingSecret(Role role) {
        return role == Role.ALICE ? alicePairingSecret : bobPairingSecret;
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

    /**
     * Checks, before anything is started, that a board rig's serial devices and pairing secret
     * files are there; every missing one is named, in one message.
     */
    public void checkDevicesPresent() throws RigException {
        if (kind != Kind.BOARDS) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (Role role : Role.values()) {
            String device = device(role);
            if (!Files.exists(Path.of(device))) {
                missing.add(
                        role.key()
                                + "'s modem serial device "
                                + device
                                + " is not there (is the board plugged in? see docs/rig.md)");
            }
            Path secret = pairingSecret(role);
            if (!Files.isReadable(secret)) {
                missing.add(
                        role.key()
                                + "'s pairing secret "
                                + secret
                                + " cannot be read (the hex file the board's host.pairing-secret"
                                + " holds; see docs/rig.md)");
            }
        }
        if (!missing.isEmpty()) {
            throw new RigException(String.join("; ", missing));
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
