package io.qkdmodem.rig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.qkdmodem.firmware.config.KeyFiles;
import io.qkdmodem.hal.serial.SocatPtyPair;
import io.qkdmodem.rig.process.FirmwareProcess;
import io.qkdmodem.rig.scenario.ChannelModel;
import io.qkdmodem.rig.scenario.SourceProfile;
import io.qkdmodem.rig.testing.DemoJson;
import io.qkdmodem.rig.testing.JsonReader;
import io.qkdmodem.rig.testing.RigJar;
import io.qkdmodem.rig.testing.RigJar.Run;
import io.qkdmodem.rig.wiring.SimSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A board rig ({@code demo --rig bench.properties}, {@code rig.kind=boards}) without boards: two
 * firmware processes, started here as a bench's boards would run their firmware, each with its host
 * link on one end of a socat pseudo-terminal pair; the rig description names the other ends as the
 * boards' serial devices. The rig's code path is the one it takes with USB-serial adapters: it
 * opens the devices with jSerialComm, pairs with each modem, checks its device id, runs the Quantum
 * TLS session and the echo, and leaves the boards running.
 */
class BoardRigIT {

    @TempDir Path root;

    private Path boards;
    private RigJar jar;
    private final List<AutoCloseable> bench = new ArrayList<>();
    private FirmwareProcess alice;
    private FirmwareProcess bob;

    @BeforeEach
    void standUpTwoBoards() throws Exception {
        assumeThat(SocatPtyPair.findSocat())
                .as("socat is installed (the stand-in boards' serial lines are pseudo-terminals)")
                .isPresent();
        Path rigTmp = Files.createDirectory(root.resolve("rig-tmp"));
        jar = new RigJar(rigTmp);
        boards = Files.createDirectory(root.resolve("bench"));
        SplittableRandom rnd = new SplittableRandom(29);
        KeyFiles.writeSecretHex(boards.resolve("auth-secret.key"), bytes(rnd, 4096));
        for (String who : new String[] {"alice", "bob"}) {
            KeyFiles.writeSecretHex(boards.resolve(who + "-device.key"), bytes(rnd, 32));
            KeyFiles.writeSecretHex(boards.resolve(who + "-pairing.key"), bytes(rnd, 32));
            bench.add(
                    SocatPtyPair.start(
                            Duration.ofSeconds(5),
                            boards.resolve(who + "-board.tty").toString(),
                            boards.resolve(who + "-usb.tty").toString()));
        }
        int fiber = freePort();
        int peer = freePort();
        // Bob listens on the fiber: he starts first, as in the rig's own process mode
        bob = start("bob", "modem-b", "tcp-listen:" + fiber, "tcp-connect:127.0.0.1:" + peer);
        alice =
                start(
                        "alice",
                        "modem-a",
                        "tcp-connect:127.0.0.1:" + fiber,
                        "tcp-listen:127.0.0.1:" + peer);
    }

    @AfterEach
    void tearDownTheBench() throws Exception {
        for (int i = bench.size() - 1; i >= 0; i--) {
            bench.get(i).close();
        }
    }

    @Test
    void boardRigOverPseudoTerminalsRunsTheSessionAndLeavesTheBoardsRunning() throws Exception {
        Path wrongId = description("wrong-id", "modem-x");
        Run refused = jar.run("demo", "--profile", "paper", "--rig", wrongId.toString());
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(1);
        assertThat(refused.err().lines().filter(l -> l.startsWith("test-rig: ")))
                .containsExactly(
                        "test-rig: alice's serial device "
                                + boards.resolve("alice-usb.tty")
                                + " answers as modem 'modem-a', but the rig description says"
                                + " alice.device-id=modem-x (are the cables swapped?)");

        Path wrongSecret = description("wrong-secret", "modem-a");
        Files.writeString(
                wrongSecret,
                Files.readString(wrongSecret)
                        .replace(
                                "bob.pairing-secret = bob-pairing.key",
                                "bob.pairing-secret = alice-pairing.key"));
        Run unpaired = jar.run("demo", "--profile", "paper", "--rig", wrongSecret.toString());
        assertThat(unpaired.exitCode()).as(unpaired.err()).isEqualTo(1);
        assertThat(unpaired.err().lines().filter(l -> l.startsWith("test-rig: ")))
                .singleElement()
                .asString()
                .startsWith(
                        "test-rig: bob's rig cannot open a session with its modem over serial device")
                .endsWith(
                        "(is "
                                + boards.resolve("alice-pairing.key")
                                + " the modem's pairing secret?)");

        Run r =
                jar.run(
                        "demo",
                        "--json",
                        "--profile",
                        "paper",
                        "--rig",
                        description("bench", "modem-a").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines()).as("exactly one line of JSON on stdout").hasSize(1);
        Map<String, Object> json = JsonReader.parseObject(r.out());
        DemoJson.assertThat(json).hasAllFields().succeeded().hasQberBelow(0.11).echoed(65536);
        assertThat(json)
                .containsEntry("modems", "boards")
                .containsEntry("serial", "device")
                .containsEntry("distance_km", 10.0)
                .containsEntry("profile", "paper")
                .containsEntry("pulses", null);
        assertThat(r.err()).contains("board 'modem-b'");
        assertThat(alice.isAlive() && bob.isAlive())
                .as("the rig leaves the boards running")
                .isTrue();
        jar.assertNothingLeft();
    }

    private Path description(String name, String aliceId) throws IOException {
        Path f = boards.resolve(name + ".properties");
        Files.write(
                f,
                List.of(
                        "rig.name = " + name,
                        "rig.kind = boards",
                        "alice.serial.device = " + boards.resolve("alice-usb.tty"),
                        "bob.serial.device = " + boards.resolve("bob-usb.tty"),
                        "alice.pairing-secret = alice-pairing.key",
                        "bob.pairing-secret = bob-pairing.key",
                        "alice.device-id = " + aliceId,
                        "bob.device-id = modem-b",
                        "fiber.length-km = 10"));
        return f;
    }

    /** One stand-in board: the firmware's run command on simulated optics, 10 km of fiber. */
    private FirmwareProcess start(String who, String id, String fiber, String peer)
            throws IOException {
        List<String> c = new ArrayList<>();
        c.add("role = " + who);
        c.add("device.id = " + id);
        c.add("hal.backend = sim");
        c.add("hal.entropy = sim-drbg");
        c.add("hal.entropy.seed = 29");
        c.add("hal.entropy.label = " + who);
        // the paper's single-photon source and plain BB84, with the rig's --profile paper: the
        // handshake takes 65536 sifted bits from one block
        ChannelModel channel = ChannelModel.standard(SourceProfile.PAPER, 10, 0);
        SimSettings.forChannel(channel, 29, fiber).forEach((k, v) -> c.add(k + " = " + v));
        c.add("peer.link = " + peer);
        c.add("host.serial = " + boards.resolve(who + "-board.tty"));
        c.add("host.pairing-secret = " + who + "-pairing.key");
        c.add("storage.flash-image = " + who + "-flash.img");
        c.add("storage.device-key = " + who + "-device.key");
        c.add("auth.pool = " + who + "-auth.pool");
        c.add("auth.secret = auth-secret.key");
        c.add("protocol = plain");
        c.add("intensity.mu = " + channel.signalMu());
        c.add("frame.slots = 1048576");
        c.add("block.target-bits = 65536");
        c.add("block.max-bits = 65536");
        c.add("block.max-frames = 1048576");
        c.add("timeout.reconnect-ms = 100");
        Path conf = boards.resolve(who + ".conf");
        Files.write(conf, c);
        FirmwareProcess p =
                FirmwareProcess.start(
                        who + "'s board",
                        conf,
                        boards.resolve(who + ".status"),
                        boards.resolve(who + ".log"),
                        64);
        bench.add(p);
        return p;
    }

    private static byte[] bytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
