package io.qkdmodem.firmware.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qkdmodem.firmware.runtime.TwoFirmwareTestSupport;
import io.qkdmodem.firmware.testing.FirmwarePair;
import io.qkdmodem.hal.serial.JSerialCommLink;
import io.qkdmodem.hal.serial.SerialConfig;
import io.qkdmodem.hal.serial.SocatPtyPair;
import io.qkdmodem.protocol.driver.ModemClient;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.session.HostConfig;
import io.qkdmodem.protocol.session.PairingSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's serial port (a socat pseudo-terminal opened by path, as on a board) goes away and
 * comes back: the firmware reopens it, the host pairs again, and its retried RESERVE gets the same
 * reference.
 */
class HostReconnectTest {

    /** One agent process: its configuration (and so its RESERVE epoch) is built once. */
    static HostConfig agent() {
        return HostConfig.builder(
                        "host-a".getBytes(StandardCharsets.UTF_8),
                        PairingSecret.of(FirmwarePair.PAIRING))
                .responseTimeout(Duration.ofSeconds(2))
                .build();
    }

    static ModemClient connect(String path, HostConfig agent) throws Exception {
        return ModemClient.connect(
                JSerialCommLink.open(
                        SerialConfig.builder(path).readTimeout(Duration.ofMillis(100)).build()),
                agent);
    }

    @Test
    void theFirmwareReopensTheHostPortAndReservationsSurvive(@TempDir Path dir) throws Exception {
        assumeTrue(SocatPtyPair.findSocat().isPresent(), "socat is not installed");
        String modemSide = dir.resolve("ttyModem").toString();
        String hostSide = dir.resolve("ttyHost").toString();
        SocatPtyPair pty = SocatPtyPair.start(Duration.ofSeconds(5), modemSide, hostSide);
        try (FirmwarePair base =
                new FirmwarePair(
                        dir,
                        TwoFirmwareTestSupport.settings(),
                        TwoFirmwareTestSupport.CLEAN,
                        UnaryOperator.identity())) {
            FirmwarePair pair =
                    base.withConfigs(
                            base.aliceConfig.toBuilder()
                                    .hostSerial(modemSide, 115_200, dir.resolve("pairing.key"))
                                    .build(),
                            base.bobConfig);
            try {
                pair.start();
                FirmwarePair.await("2 blocks", 60, () -> pair.bob.status().blocksCommitted() >= 2);
                FirmwarePair.await("host server", 10, pair.alice::hostServerRunning);
                HostConfig agent = agent();
                KeyRef ref;
                try (ModemClient host = connect(hostSide, agent)) {
                    ref = host.reserve(5, 1024);
                }
                pty.close(); // the cable is pulled
                FirmwarePair.await("server noticed", 20, () -> !pair.alice.hostServerRunning());
                pty = SocatPtyPair.start(Duration.ofSeconds(5), modemSide, hostSide);
                FirmwarePair.await("server back", 20, pair.alice::hostServerRunning);
                try (ModemClient host = connect(hostSide, agent)) {
                    assertThat(host.reserve(5, 1024)).isEqualTo(ref);
                    assertThat(host.fetch(ref).length()).isEqualTo(128);
                }
                // Audit finding 19: a restarted agent (new configuration, new epoch) that counts
                // its request ids from the start again gets a new reservation, never the bits
                // its previous instance reserved and may already have disclosed.
                HostConfig restarted = agent();
                assertThat(restarted.requestEpoch()).isNotEqualTo(agent.requestEpoch());
                try (ModemClient host = connect(hostSide, restarted)) {
                    KeyRef fresh = host.reserve(5, 1024);
                    assertThat(fresh).isNotEqualTo(ref);
                    assertThat(host.reserve(5, 1024)).isEqualTo(fresh); // retried: same
                }
            } finally {
                pair.close();
            }
        } finally {
            pty.close();
        }
    }
}
