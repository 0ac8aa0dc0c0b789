package io.qkdmodem.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.firmware.config.ConfigFile;
import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.config.KeyFiles;
import io.qkdmodem.firmware.testing.FirmwarePair;
import io.qkdmodem.hal.serial.JSerialCommLink;
import io.qkdmodem.hal.serial.SerialConfig;
import io.qkdmodem.hal.serial.SocatPtyPair;
import io.qkdmodem.keystore.KeyStore;
import io.qkdmodem.protocol.driver.ModemClient;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.session.HostConfig;
import io.qkdmodem.protocol.session.PairingSecret;
import io.qkdmodem.protocol.session.ProtocolException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two firmware processes from the packaged jar, each in -Xmx64m, over the simulated optics (a TCP
 * fiber) and a loopback TCP peer link, Alice serving a host on a socat pseudo-terminal. Each is
 * killed with SIGKILL mid-run and restarted: the host's reservation survives with the same
 * reference and key, its consumed key is never served again; at the end both are stopped with
 * SIGTERM and their flash images must hold the same blocks.
 */
class FirmwareProcessesIT {
    static final Path JAR = Path.of("target", "modem-firmware.jar");

    @Test
    void killAndRestartEitherProcessLosesNoBlock(@TempDir Path dir) throws Exception {
        int peerPort = freePort();
        int fiberPort = freePort();
        byte[] secret = new byte[8192];
        new SplittableRandom(11).nextBytes(secret);
        KeyFiles.writeSecretHex(dir.resolve("auth-secret.key"), secret);
        for (String who : new String[] {"alice", "bob"}) {
            byte[] dev = new byte[32];
            new SplittableRandom(who.hashCode()).nextBytes(dev);
            KeyFiles.writeSecretHex(dir.resolve(who + "-device.key"), dev);
        }
        KeyFiles.writeSecretHex(dir.resolve("pairing.key"), FirmwarePair.PAIRING);
        String modemTty = dir.resolve("ttyModemA").toString();
        String hostTty = dir.resolve("ttyHostA").toString();
        SocatPtyPair pty = SocatPtyPair.start(Duration.ofSeconds(5), modemTty, hostTty);
        Path aliceConf =
                write(
                        dir,
                        "alice",
                        "tcp-listen:127.0.0.1:" + peerPort,
                        "tcp-connect:127.0.0.1:" + fiberPort);
        Path bobConf =
                write(dir, "bob", "tcp-connect:127.0.0.1:" + peerPort, "tcp-listen:" + fiberPort);
        FirmwareConfig aCfg = ConfigFile.read(aliceConf);
        FirmwareConfig bCfg = ConfigFile.read(bobConf);

        Files.write(
                aliceConf,
                List.of("host.serial = " + modemTty, "host.pairing-secret = pairing.key"),
                java.nio.file.StandardOpenOption.APPEND);
        Process bob = start(dir, "bob", bobConf);
        Process alice = start(dir, "alice", aliceConf);
        try {
            awaitBlocks(dir, "bob", 3);
            KeyRef consumed;
            KeyRef reserved;
            byte[] reservedKey;
            try (ModemClient host = host(hostTty)) {
                consumed = host.reserve(1, 1024);
                host.fetch(consumed);
                assertThat(host.consume(consumed)).isTrue();
                reserved = host.reserve(2, 1024);
                reservedKey = host.fetch(reserved).copy();
            }
            alice.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL, mid-frame
            alice = start(dir, "alice", aliceConf);
            awaitBlocks(dir, "alice", 2);
            try (ModemClient host = host(hostTty)) {
                // the retried RESERVE gets the same reference and the same key
                assertThat(host.reserve(2, 1024)).isEqualTo(reserved);
                assertThat(host.fetch(reserved).copy()).isEqualTo(reservedKey);
                // the consumed key is gone, and a new reservation never overlaps either
                KeyRef c = consumed;
                assertThatThrownBy(() -> host.fetch(c)).isInstanceOf(ProtocolException.class);
                KeyRef fresh = host.reserve(3, 1024);
                assertThat(RestartTest.overlaps(fresh, consumed)).isFalse();
                assertThat(RestartTest.overlaps(fresh, reserved)).isFalse();
            }
            bob.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            bob = start(dir, "bob", bobConf);
            awaitBlocks(dir, "bob", 2);
            awaitBlocks(dir, "alice", 4);
        } finally {
            alice.destroy(); // SIGTERM: graceful
            bob.destroy();
            assertThat(alice.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(bob.waitFor(30, TimeUnit.SECONDS)).isTrue();
            pty.close();
        }
        // keep the logs for inspection after the temporary directory is gone
        Path logs = Path.of("target", "firmware-it-logs");
        Files.createDirectories(logs);
        for (String f : new String[] {"alice.log", "bob.log"}) {
            Files.copy(
                    dir.resolve(f),
                    logs.resolve(f),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        long upTo = Long.parseLong(status(dir, "alice").getProperty("last_block_id"));
        try (KeyStore a = Firmware.openKeyStore(aCfg);
                KeyStore b = Firmware.openKeyStore(bCfg)) {
            assertThat(FirmwarePair.assertSameBlocks(a, b, upTo + 2, true))
                    .isGreaterThanOrEqualTo(6);
        }
        String log =
                Files.readString(dir.resolve("alice.log"))
                        + Files.readString(dir.resolve("bob.log"));
        assertThat(log).doesNotContain("OutOfMemoryError").doesNotContain("Exception in thread");
    }

    static Path write(Path dir, String who, String peer, String fiber) throws IOException {
        List<String> c = new ArrayList<>();
        c.add("role = " + who);
        c.add("device.id = " + who + "-board");
        c.add("hal.backend = sim");
        c.add("hal.entropy = sim-drbg");
        c.add("hal.entropy.label = " + who);
        c.add("sim.fiber = " + fiber);
        c.add("sim.length-km = 0");
        c.add("sim.misalignment = 0");
        c.add("sim.y0 = 0");
        c.add("peer.link = " + peer);
        c.add("storage.flash-image = " + who + "-flash.img");
        c.add("storage.device-key = " + who + "-device.key");
        c.add("storage.state = " + who + ".state");
        c.add("auth.pool = " + who + "-auth.pool");
        c.add("auth.secret = auth-secret.key");
        c.add("frame.slots = 100000");
        c.add("block.target-bits = 2048");
        c.add("block.max-frames = 16");
        c.add("timeout.frame-ms = 3000");
        c.add("timeout.reconnect-ms = 200");
        Path p = dir.resolve(who + ".conf");
        Files.write(p, c);
        return p;
    }

    static Process start(Path dir, String who, Path conf) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "-jar",
                        JAR.toAbsolutePath().toString(),
                        "run",
                        "--config",
                        conf.toString(),
                        "--status-file",
                        dir.resolve(who + ".status").toString(),
                        "--status-interval",
                        "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(who + ".log").toFile()));
        Files.deleteIfExists(dir.resolve(who + ".status"));
        return pb.start();
    }

    static Properties status(Path dir, String who) throws IOException {
        Properties p = new Properties();
        Path f = dir.resolve(who + ".status");
        if (Files.exists(f)) {
            try (var r = Files.newBufferedReader(f)) {
                p.load(r);
            }
        }
        return p;
    }

    static void awaitBlocks(Path dir, String who, int n) {
        FirmwarePair.await(
                who + " committing " + n + " blocks",
                90,
                () -> {
                    try {
                        return Long.parseLong(status(dir, who).getProperty("blocks_committed", "0"))
                                >= n;
                    } catch (IOException | NumberFormatException e) {
                        return false;
                    }
                });
    }

    /** A host agent's session on Alice's serial port, retried while her server starts. */
    /**
     * The host agent's configuration, built once as an agent process does: its RESERVE epoch stays
     * the same across the reconnects below, so a retried RESERVE names the same reservation.
     */
    static final HostConfig AGENT =
            HostConfig.builder(
                            "host-a".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            PairingSecret.of(FirmwarePair.PAIRING))
                    .responseTimeout(Duration.ofSeconds(2))
                    .build();

    static ModemClient host(String tty) {
        long end = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return ModemClient.connect(
                        JSerialCommLink.open(
                                SerialConfig.builder(tty)
                                        .readTimeout(Duration.ofMillis(100))
                                        .build()),
                        AGENT);
            } catch (Exception e) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("host could not pair with Alice", e);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(ie);
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
