package io.qkdmodem.rig.orchestration;

import io.qkdmodem.hal.serial.InMemorySerialPair;
import io.qkdmodem.hal.serial.JSerialCommLink;
import io.qkdmodem.hal.serial.SerialConfig;
import io.qkdmodem.hal.serial.SerialLink;
import io.qkdmodem.hal.serial.SerialLinkException;
import io.qkdmodem.hal.serial.SocatPtyPair;
import io.qkdmodem.rig.scenario.SerialMode;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The serial links between each modem and its host agent. For each role there is a host end (the
 * agent's) and, on a simulated rig, a modem end (the in-process firmware's). Every link, socat
 * process and pty path opened here is registered with the rig's {@link Teardown}.
 */
public final class HostLinks {

    /**
     * Both ends of one modem-to-host cable; {@code modemEnd} is empty when the modem is a board.
     */
    public record Cable(SerialLink hostEnd, Optional<SerialLink> modemEnd, String description) {}

    private final Map<Role, Cable> cables;
    private final Map<Role, String> modemDevices;

    private HostLinks(Map<Role, Cable> cables) {
        this(cables, Map.of());
    }

    private HostLinks(Map<Role, Cable> cables, Map<Role, String> modemDevices) {
        this.cables = cables;
        this.modemDevices = modemDevices;
    }

    public Cable cable(Role role) {
        return cables.get(role);
    }

    /**
     * The device path of the modem end of {@code role}'s cable, when the modem is a separate
     * process that opens it itself ({@link #openForModemProcesses}).
     */
    public Optional<String> modemDevice(Role role) {
        return Optional.ofNullable(modemDevices.get(role));
    }

    /**
     * Two socat pseudo-terminal pairs whose host ends are opened here (jSerialComm) and whose modem
     * ends are left for the firmware processes to open ({@link #modemDevice}).
     */
    public static HostLinks openForModemProcesses(
            RigDescription rig, Workspace workspace, Teardown teardown) throws RigException {
        Map<Role, Cable> cables = new EnumMap<>(Role.class);
        Map<Role, String> modems = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            SocatPtyPair pty = startPty(workspace, teardown, role, "--modems process");
            SerialLink host =
                    openDevice(
                            ptyLink(workspace, role, "host"),
                            rig.baud(),
                            teardown,
                            role + " host pty");
            modems.put(role, ptyLink(workspace, role, "modem"));
            cables.put(
                    role,
                    new Cable(
                            host,
                            Optional.empty(),
                            "socat pty " + pty.pathA() + " <-> " + pty.pathB()));
        }
        return new HostLinks(cables, modems);
    }

    /** The stable path (a symbolic link socat makes in the workspace) of one end of a pty pair. */
    private static String ptyLink(Workspace workspace, Role role, String end) {
        return workspace.resolve(role.key() + "-" + end + ".pty").toString();
    }

    private static SocatPtyPair startPty(
            Workspace workspace, Teardown teardown, Role role, String needs) throws RigException {
        if (SocatPtyPair.findSocat().isEmpty()) {
            throw new RigException(
                    needs
                            + " needs socat, which is not on the PATH"
                            + " (apt-get install socat, or use --serial pipe)");
        }
        SocatPtyPair pty;
        try {
            pty =
                    SocatPtyPair.start(
                            Duration.ofSeconds(5),
                            ptyLink(workspace, role, "host"),
                            ptyLink(workspace, role, "modem"));
        } catch (IOException e) {
            throw new RigException(
                    "could not start socat for " + role.key() + ": " + e.getMessage(), e);
        }
        return teardown.add(role.key() + " socat", pty);
    }

    /** Opens both cables for the mode, registering everything with {@code teardown}. */
    public static HostLinks open(
            SerialMode mode, RigDescription rig, Workspace workspace, Teardown teardown)
            throws RigException {
        Map<Role, Cable> cables = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            cables.put(role, openOne(mode, rig, workspace, teardown, role));
        }
        return new HostLinks(cables);
    }

    private static Cable openOne(
            SerialMode mode, RigDescription rig, Workspace workspace, Teardown teardown, Role role)
            throws RigException {
        switch (mode) {
            case PIPE -> {
                InMemorySerialPair pair = new InMemorySerialPair();
                teardown.add(role.key() + " pipe host end", pair.a());
                teardown.add(role.key() + " pipe modem end", pair.b());
                return new Cable(pair.a(), Optional.of(pair.b()), "in-memory pipe");
            }
            case PTY -> {
                SocatPtyPair pty = startPty(workspace, teardown, role, "--serial pty");
                String hostPath = ptyLink(workspace, role, "host");
                String modemPath = ptyLink(workspace, role, "modem");
                SerialLink host = openDevice(hostPath, rig.baud(), teardown, role + " host pty");
                SerialLink modem = openDevice(modemPath, rig.baud(), teardown, role + " modem pty");
                return new Cable(
                        host,
                        Optional.of(modem),
                        "socat pty " + pty.pathA() + " <-> " + pty.pathB());
            }
            case DEVICE -> {
                String path = rig.device(role);
                if (path == null) {
                    throw new RigException(
                            "no serial device for " + role.key() + " in rig " + rig.name());
                }
                rig.checkDevicesPresent();
                SerialLink host = openDevice(path, rig.baud(), teardown, role + " device");
                return new Cable(host, Optional.empty(), "serial device " + path);
            }
            default -> throw new IllegalStateException("unknown mode " + mode);
        }
    }

    private static SerialLink openDevice(String path, int baud, Teardown teardown, String what)
            throws RigException {
        try {
            SerialConfig config =
                    SerialConfig.builder(path)
                            .baud(baud)
                            .readTimeout(Duration.ofMillis(100))
                            .reconnect(0, Duration.ofMillis(100))
                            .build();
            return teardown.add(what, JSerialCommLink.open(config));
        } catch (SerialLinkException e) {
            throw new RigException(
                    "could not open " + what + " " + path + ": " + e.getMessage(), e);
        }
    }
}
