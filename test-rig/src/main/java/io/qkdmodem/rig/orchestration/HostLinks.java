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

    private HostLinks(Map<Role, Cable> cables) {
        this.cables = cables;
    }

    public Cable cable(Role role) {
        return cables.get(role);
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
                if (SocatPtyPair.findSocat().isEmpty()) {
                    throw new RigException(
                            "--serial pty needs socat, which is not on the PATH"
                                    + " (apt-get install socat, or use --serial pipe)");
                }
                SocatPtyPair pty;
                String hostPath = workspace.resolve(role.key() + "-host.pty").toString();
                String modemPath = workspace.resolve(role.key() + "-modem.pty").toString();
                try {
                    pty = SocatPtyPair.start(Duration.ofSeconds(5), hostPath, modemPath);
                } catch (IOException e) {
                    throw new RigException(
                            "could not start socat for " + role.key() + ": " + e.getMessage(), e);
                }
                teardown.add(role.key() + " socat", pty);
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
