package io.qkdmodem.firmware.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ConfigFileTest {

    public static List<String> good(Path dir) throws Exception {
        Files.writeString(dir.resolve("device.key"), "00".repeat(32));
        Files.writeString(dir.resolve("auth.secret"), "11".repeat(4096));
        return List.of(
                "# Alice on the bench",
                "role = alice",
                "device.id = modem-a",
                "hal.backend = sim",
                "sim.length-km = 25",
                "peer.link = tcp-listen:127.0.0.1:7001",
                "storage.flash-image = flash.img",
                "storage.device-key = device.key",
                "auth.pool = auth.pool",
                "auth.secret = auth.secret",
                "protocol = efficient-decoy",
                "basis.p-rectilinear = 0.9",
                "frame.slots = 262144");
    }

    @Test
    void aGoodFileGivesATypedConfiguration(@TempDir Path dir) throws Exception {
        FirmwareConfig c = ConfigFile.parse(good(dir), dir, true);
        assertThat(c.role()).isEqualTo(Role.ALICE);
        assertThat(c.peer()).isEqualTo(PeerLinkSpec.tcpListen("127.0.0.1", 7001));
        assertThat(c.flashImage()).isEqualTo(dir.resolve("flash.img"));
        assertThat(c.stateFile()).isEqualTo(dir.resolve("flash.img.state"));
        assertThat(c.sifting().pRectilinear()).isEqualTo(0.9);
        // the decoy defaults: decoy 0.15, signal / decoy / vacuum 0.5 / 0.35 / 0.15
        assertThat(c.sifting().intensities().pDecoy()).isEqualTo(0.35);
        assertThat(c.sifting().intensities().pSignal()).isEqualTo(0.5);
        assertThat(c.sifting().intensities().muDecoy()).isEqualTo(0.15);
        assertThat(c.sifting().monitorFraction()).isEqualTo(0.01);
        assertThat(c.sifting().slotsPerFrame()).isEqualTo(262144);
        assertThat(c.hal().raw("sim.length-km")).contains("25");
        assertThat(c.hostSerialPath()).isNull();
    }

    @Test
    void theShippedExampleIsValid() throws Exception {
        List<String> example =
                Files.readAllLines(Path.of("src", "dist", "modem-firmware.conf.example"));
        FirmwareConfig c = ConfigFile.parse(example, Path.of("/etc/qkd-modem"), false);
        assertThat(c.role()).isEqualTo(Role.ALICE);
        assertThat(c.hostSerialPath()).isEqualTo("/dev/ttyAMA0");
        assertThat(c.sifting().intensities().pDecoy()).isEqualTo(0.35);
        assertThat(c.sifting().targetBlockBits()).isEqualTo(1 << 20);
        assertThat(c.sifting().maxBlockBits()).isGreaterThan(1 << 20);
        assertThat(c.sifting().monitorFraction()).isEqualTo(0.01);
    }

    @Test
    void aBadFileGivesOneLinePerProblem(@TempDir Path dir) throws Exception {
        List<String> text =
                List.of(
                        "role = carol", // 1
                        "device.id = modem a", // 2
                        "peer.link = udp:1.2.3.4:5", // 3
                        "storage.flash-image = /nonexistent-dir/flash.img", // 4
                        "storage.device-key = missing.key", // 5
                        "auth.pool = auth.pool", // no secret and no pool: 6
                        "frame.slots = many", // 7
                        "monitor.qber-alarm = 0.7", // 8
                        "protocol = plain",
                        "basis.p-rectilinear = 0.8", // 9
                        "monitor.fractoin = 0.02", // 10, with a hint
                        "sim.length-km = -3", // 11
                        "hal.backend = sim",
                        "role = bob"); // 12
        ConfigException e =
                catchThrowableOfType(
                        () -> ConfigFile.parse(text, dir, true), ConfigException.class);
        assertThat(e.problems())
                .hasSize(12)
                .allSatisfy(p -> assertThat(p).doesNotContain("\n"))
                .anySatisfy(p -> assertThat(p).startsWith("line 1: role").contains("alice or bob"))
                .anySatisfy(p -> assertThat(p).contains("did you mean 'monitor.fraction'"))
                .anySatisfy(p -> assertThat(p).contains("line 14: role is set twice"))
                .anySatisfy(p -> assertThat(p).contains("sim.length-km"))
                .anySatisfy(p -> assertThat(p).contains("run 'modem-firmware provision'"))
                .anySatisfy(p -> assertThat(p).contains("frame.slots").contains("not an integer"));
    }

    @Test
    void missingRequiredSettingsAreNamed(@TempDir Path dir) throws Exception {
        ConfigException e =
                catchThrowableOfType(
                        () -> ConfigFile.parse(List.of("role = bob"), dir, true),
                        ConfigException.class);
        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "device.id is required (this board's id, 1-64 printable characters)",
                        "peer.link is required (" + ConfigFile.SETTINGS.get("peer.link") + ")",
                        "storage.flash-image is required (flash image file (created when absent))",
                        "storage.device-key is required (file with the 32-byte device key of the"
                                + " store)",
                        "auth.pool is required (authentication pool file (created by provision))");
    }
}
