package io.qkdmodem.rig.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.rig.scenario.SerialMode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RigDescriptionTest {

    @Test
    void builtInSimulatedRigTakesPipeOrPty() throws Exception {
        RigDescription rig = RigDescription.simulatedDefault();
        assertThat(rig.kind()).isEqualTo(RigDescription.Kind.SIMULATED);
        assertThat(rig.serialModeFor(SerialMode.PTY)).isEqualTo(SerialMode.PTY);
        assertThat(rig.serialModeFor(SerialMode.PIPE)).isEqualTo(SerialMode.PIPE);
        assertThatThrownBy(() -> rig.serialModeFor(SerialMode.DEVICE))
                .isInstanceOf(RigException.class);
    }

    @Test
    void boardsExampleShippedInTheJarParses() throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/rigs/boards-example.properties")) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        RigDescription rig = RigDescription.parse(p, "example", Path.of("/etc/qkd-rig"));
        assertThat(rig.kind()).isEqualTo(RigDescription.Kind.BOARDS);
        assertThat(rig.device(Role.ALICE)).contains("ALICE");
        assertThat(rig.pairingSecret(Role.BOB)).isEqualTo(Path.of("/etc/qkd-rig/bob-pairing.key"));
        assertThat(rig.deviceId(Role.ALICE)).contains("modem-a");
        assertThat(rig.fiberLengthKm()).hasValue(10.0);
        assertThat(rig.serialModeFor(SerialMode.PIPE)).isEqualTo(SerialMode.DEVICE);
        assertThatThrownBy(rig::checkDevicesPresent)
                .isInstanceOf(RigException.class)
                .hasMessageContaining("alice's modem serial device");
    }

    @Test
    void everyProblemIsNamedInOneMessage(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.properties");
        Files.writeString(
                f,
                "rig.kind=boards\nserial.baud=12\nalice.serial.device=/dev/x\n"
                        + "bob.serial.device=/dev/x\nalice.serial.devcie=/dev/y\n");
        assertThatThrownBy(() -> RigDescription.load(f))
                .isInstanceOf(RigException.class)
                .hasMessageContaining("unknown keys [alice.serial.devcie]")
                .hasMessageContaining("serial.baud must be 300..4000000")
                .hasMessageContaining("cannot share serial device /dev/x")
                .hasMessageNotContaining("\n");
    }

    @Test
    void boardsNeedBothDevicesAndSimulatedNeedsNone(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.properties");
        Files.writeString(f, "rig.kind=boards\n");
        assertThatThrownBy(() -> RigDescription.load(f))
                .hasMessageContaining("alice.serial.device is required")
                .hasMessageContaining("bob.serial.device is required")
                .hasMessageContaining("alice.pairing-secret is required")
                .hasMessageContaining("bob.pairing-secret is required");
        Files.writeString(f, "rig.kind=simulated\nalice.serial.device=/dev/ttyUSB0\n");
        assertThatThrownBy(() -> RigDescription.load(f))
                .hasMessageContaining("only for rig.kind=boards");
        Files.writeString(f, "rig.kind=cloud\n");
        assertThatThrownBy(() -> RigDescription.load(f))
                .hasMessageContaining("rig.kind must be simulated or boards, got 'cloud'");
    }

    @Test
    void presentDevicesPass(@TempDir Path dir) throws Exception {
        Path a = Files.createFile(dir.resolve("ttyA"));
        Path b = Files.createFile(dir.resolve("ttyB"));
        Path f = dir.resolve("r.properties");
        Files.writeString(dir.resolve("a.key"), "11".repeat(32));
        Files.writeString(dir.resolve("b.key"), "22".repeat(32));
        Files.writeString(
                f,
                "rig.kind=boards\nalice.serial.device="
                        + a
                        + "\nbob.serial.device="
                        + b
                        + "\nalice.pairing-secret=a.key\nbob.pairing-secret=b.key\n");
        RigDescription rig = RigDescription.load(f);
        rig.checkDevicesPresent();
        assertThat(rig.device(Role.BOB)).isEqualTo(b.toString());
        assertThat(rig.pairingSecret(Role.ALICE)).isEqualTo(dir.resolve("a.key"));
        assertThat(rig.deviceId(Role.ALICE)).isEmpty();
        assertThat(rig.fiberLengthKm()).isEmpty();
    }

    @Test
    void badBoardFieldsAreEachNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.properties");
        Files.writeString(
                f,
                "rig.kind=boards\nalice.serial.device=/dev/a\nbob.serial.device=/dev/b\n"
                        + "alice.pairing-secret=a.key\nbob.pairing-secret=b.key\n"
                        + "fiber.length-km=far\nalice.device-id=same\nbob.device-id=same\n");
        assertThatThrownBy(() -> RigDescription.load(f))
                .isInstanceOf(RigException.class)
                .hasMessageContaining("fiber.length-km must be a number 0..400, got 'far'")
                .hasMessageContaining("cannot share device id same")
                .hasMessageNotContaining("\n");
        Files.writeString(
                f,
                "rig.kind=boards\nalice.serial.device=/dev/a\nbob.serial.device=/dev/b\n"
                        + "alice.pairing-secret=a.key\nbob.pairing-secret=b.key\n"
                        + "fiber.length-km=401\nalice.device-id=has space\n");
        assertThatThrownBy(() -> RigDescription.load(f))
                .hasMessageContaining("fiber.length-km must be a number 0..400, got '401'")
                .hasMessageContaining("alice.device-id must be 1-64 printable characters");
    }

    @Test
    void boardKeysOnASimulatedRigAreRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.properties");
        Files.writeString(f, "rig.kind=simulated\nalice.pairing-secret=a.key\n");
        assertThatThrownBy(() -> RigDescription.load(f))
                .hasMessageContaining("[alice.pairing-secret] are only for rig.kind=boards");
    }

    @Test
    void everyMissingDeviceAndSecretIsNamedInOneMessage(@TempDir Path dir) throws Exception {
        Path a = Files.createFile(dir.resolve("ttyA"));
        Path f = dir.resolve("r.properties");
        Files.writeString(
                f,
                "rig.kind=boards\nalice.serial.device="
                        + a
                        + "\nbob.serial.device=/dev/qkd-gone\n"
                        + "alice.pairing-secret=a.key\nbob.pairing-secret=b.key\n");
        Files.writeString(dir.resolve("b.key"), "22".repeat(32));
        RigDescription rig = RigDescription.load(f);
        assertThatThrownBy(rig::checkDevicesPresent)
                .hasMessageContaining("bob's modem serial device /dev/qkd-gone is not there")
                .hasMessageContaining("alice's pairing secret " + dir.resolve("a.key"))
                .hasMessageNotContaining("alice's modem serial device")
                .hasMessageNotContaining("bob's pairing secret")
                .hasMessageNotContaining("\n");
    }
}
