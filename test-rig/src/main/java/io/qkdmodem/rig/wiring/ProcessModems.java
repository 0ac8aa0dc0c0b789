package io.qkdmodem.rig.wiring;

import io.qkdmodem.firmware.config.ConfigException;
import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.config.PeerLinkSpec;
import io.qkdmodem.rig.orchestration.HostLinks;
import io.qkdmodem.rig.orchestration.ModemPair;
import io.qkdmodem.rig.orchestration.ModemPairFactory;
import io.qkdmodem.rig.orchestration.RigDescription;
import io.qkdmodem.rig.orchestration.RigException;
import io.qkdmodem.rig.orchestration.Role;
import io.qkdmodem.rig.orchestration.Teardown;
import io.qkdmodem.rig.orchestration.Workspace;
import io.qkdmodem.rig.process.FirmwareConfigFile;
import io.qkdmodem.rig.process.FirmwareProcess;
import io.qkdmodem.rig.scenario.SerialMode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alice's and Bob's firmware as two processes ({@link FirmwareProcess}: the firmware's {@code run}
 * command, each in its own JVM), configured exactly as {@link FirmwareModems} configures the
 * embedded firmware, except that the simulated fiber and the modem-to-modem link are loopback TCP
 * between the processes and each host link is the modem end of a socat pseudo-terminal pair whose
 * host end the rig's agent opens. The rig watches them through their status files.
 */
public final class ProcessModems implements ModemPairFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessModems.class);

    /** How long both processes may take to come up and write their first status. */
    private static final long START_TIMEOUT_MS = 30_000;

    private final FirmwareModems configs;

    public ProcessModems(int blockBits) {
        this.configs = new FirmwareModems(blockBits);
    }

    @Override
    public HostLinks openLinks(
            SerialMode mode, RigDescription rig, Workspace workspace, Teardown teardown)
            throws RigException {
        if (mode != SerialMode.PTY) {
            throw new RigException(
                    "modems in separate processes need pseudo-terminal host links (--serial pty),"
                            + " not "
                            + mode.cliName());
        }
        return HostLinks.openForModemProcesses(rig, workspace, teardown);
    }

    @Override
    public ModemPair start(Spec spec, Teardown teardown) throws RigException {
        int fiberPort = freePort("the simulated fiber");
        int peerPort = freePort("the modem-to-modem link");
        Map<Role, FirmwareConfig> cfg = new EnumMap<>(Role.class);
        cfg.put(
                Role.ALICE,
                config(
                        spec,
                        Role.ALICE,
                        "tcp-connect:127.0.0.1:" + fiberPort,
                        PeerLinkSpec.tcpListen("127.0.0.1", peerPort)));
        cfg.put(
                Role.BOB,
                config(
                        spec,
                        Role.BOB,
                        "tcp-listen:" + fiberPort,
                        PeerLinkSpec.tcpConnect("127.0.0.1", peerPort)));
        Map<Role, FirmwareProcess> procs = new EnumMap<>(Role.class);
        // Bob listens on the fiber, so he starts first; both retry their links until they meet.
        for (Role role : new Role[] {Role.BOB, Role.ALICE}) {
            procs.put(role, launch(spec.workspace(), role, cfg.get(role), teardown));
        }
        awaitFirstStatus(procs);
        int slots = cfg.get(Role.ALICE).sifting().slotsPerFrame();
        LOG.info(
                "modem processes up: alice pid {}, bob pid {}, {} slots per frame",
                procs.get(Role.ALICE).pid(),
                procs.get(Role.BOB).pid(),
                slots);
        return new Pair(procs.get(Role.ALICE), procs.get(Role.BOB), slots);
    }

    private FirmwareConfig config(Spec spec, Role role, String fiber, PeerLinkSpec peer)
            throws RigException {
        String device =
                spec.links()
                        .modemDevice(role)
                        .orElseThrow(
                                () ->
                                        new RigException(
                                                "no pseudo-terminal for "
                                                        + role.key()
                                                        + "'s firmware process"));
        FirmwareConfig base = configs.config(spec, role, fiber).peer(peer).build();
        return base.toBuilder()
                .hostSerial(device, base.hostBaud(), spec.provisioning().pairingSecret(role))
                .build();
    }

    private static FirmwareProcess launch(
            Workspace ws, Role role, FirmwareConfig cfg, Teardown teardown) throws RigException {
        String who = role.key();
        Path file = ws.resolve(who + ".conf");
        try {
            FirmwareConfigFile.write(cfg, file);
        } catch (ConfigException e) {
            throw new RigException(
                    who
                            + "'s firmware refuses its configuration: "
                            + String.join("; ", e.problems()),
                    e);
        } catch (IOException | IllegalArgumentException e) {
            throw new RigException(
                    "cannot write " + who + "'s firmware configuration: " + e.getMessage(), e);
        }
        int heapMb = cfg.sifting().maxBlockBits() <= (1 << 20) ? 64 : 256;
        try {
            return teardown.add(
                    who + " firmware process",
                    FirmwareProcess.start(
                            who + "'s firmware process",
                            file,
                            ws.resolve(who + ".status"),
                            ws.resolve(who + ".log"),
                            heapMb));
        } catch (IOException e) {
            throw new RigException(
                    "cannot start " + who + "'s firmware process: " + e.getMessage(), e);
        }
    }

    private static void awaitFirstStatus(Map<Role, FirmwareProcess> procs) throws RigException {
        long deadline = System.nanoTime() + START_TIMEOUT_MS * 1_000_000;
        while (true) {
            boolean all = true;
            for (FirmwareProcess p : procs.values()) {
                String death = p.death();
                if (death != null) {
                    throw new RigException(death);
                }
                all &= !p.status().isEmpty();
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new RigException(
                        "the firmware processes wrote no status within "
                                + START_TIMEOUT_MS / 1000
                                + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RigException("interrupted while the firmware processes started");
            }
        }
    }

    private static int freePort(String what) throws RigException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new RigException("no free loopback port for " + what + ": " + e.getMessage(), e);
        }
    }

    /** The two processes seen through their status files (rewritten every second). */
    private static final class Pair implements ModemPair {
        private final FirmwareProcess alice;
        private final FirmwareProcess bob;
        private final int slotsPerFrame;

        Pair(FirmwareProcess alice, FirmwareProcess bob, int slotsPerFrame) {
            this.alice = alice;
            this.bob = bob;
            this.slotsPerFrame = slotsPerFrame;
        }

        private void checkAlive() {
            for (FirmwareProcess p : new FirmwareProcess[] {alice, bob}) {
                String death = p.death();
                if (death != null) {
                    throw new IllegalStateException(death);
                }
            }
        }

        @Override
        public long pulsesSent() {
            return (long) alice.statusNumber("frames", 0) * slotsPerFrame;
        }

        @Override
        public long siftedBitsAvailable() {
            checkAlive();
            return (long)
                    Math.min(
                            alice.statusNumber("available_bits", 0),
                            bob.statusNumber("available_bits", 0));
        }

        @Override
        public double monitoredQber() {
            return alice.statusNumber("qber", Double.NaN);
        }

        /** The teardown stops the processes (each registered on its own). */
        @Override
        public void close() {}
    }
}
