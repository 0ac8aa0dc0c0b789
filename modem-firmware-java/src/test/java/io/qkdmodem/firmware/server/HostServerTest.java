package io.qkdmodem.firmware.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.firmware.runtime.TwoFirmwareTestSupport;
import io.qkdmodem.firmware.testing.FirmwarePair;
import io.qkdmodem.hal.serial.InMemorySerialPair;
import io.qkdmodem.protocol.driver.KeyMaterial;
import io.qkdmodem.protocol.driver.ModemClient;
import io.qkdmodem.protocol.message.EventKind;
import io.qkdmodem.protocol.message.EventMessage;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.message.ReplenishResponse;
import io.qkdmodem.protocol.message.StatusResponse;
import io.qkdmodem.protocol.session.HostConfig;
import io.qkdmodem.protocol.session.PairingSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both firmware instances serve their hosts over (in-memory) serial lines with modem-protocol. */
class HostServerTest {

    static ModemClient client(InMemorySerialPair line, String host) throws Exception {
        return ModemClient.connect(
                line.b(),
                HostConfig.builder(
                                host.getBytes(StandardCharsets.UTF_8),
                                PairingSecret.of(FirmwarePair.PAIRING))
                        .build());
    }

    @Test
    void hostsReserveFetchAndConsumeTheSameKeyThroughTheSerialServer(@TempDir Path dir)
            throws Exception {
        InMemorySerialPair lineA = new InMemorySerialPair();
        InMemorySerialPair lineB = new InMemorySerialPair();
        try (FirmwarePair pair =
                new FirmwarePair(
                        dir,
                        TwoFirmwareTestSupport.settings(),
                        TwoFirmwareTestSupport.CLEAN,
                        UnaryOperator.identity())) {
            pair.aliceHost = lineA.a();
            pair.bobHost = lineB.a();
            pair.start();
            try (ModemClient hostA = client(lineA, "host-a");
                    ModemClient hostB = client(lineB, "host-b")) {
                List<EventMessage> events = new CopyOnWriteArrayList<>();
                hostA.subscribe(EventKind.allMask(), events::add);
                FirmwarePair.await("2 blocks", 60, () -> pair.bob.status().blocksCommitted() >= 2);
                FirmwarePair.await(
                        "BLOCK_READY",
                        10,
                        () -> events.stream().anyMatch(e -> e.kind() == EventKind.BLOCK_READY));

                StatusResponse st = hostA.status();
                assertThat(st.availableBits()).isPositive();
                assertThat(st.linkState()).isEqualTo(StatusResponse.LINK_UP);
                assertThat(st.poolBits()).isPositive();

                KeyRef ref = hostA.reserve(7, 2048);
                assertThat(hostA.reserve(7, 2048)).isEqualTo(ref); // retransmitted: same
                assertThat(hostB.reserveReference(7, ref, 2048)).isEqualTo(ref);
                KeyMaterial ka = hostA.fetch(ref);
                KeyMaterial kb = hostB.fetch(ref);
                assertThat(ka.length()).isEqualTo(256);
                assertThat(ka.copy()).isEqualTo(kb.copy());
                assertThat(hostA.consume(ref)).isTrue();
                assertThat(hostB.consume(ref)).isTrue();
                assertThat(hostA.consume(ref)).isFalse();

                KeyRef next = hostA.reserve(8, 2048);
                assertThat(next).isNotEqualTo(ref);

                assertThat(hostA.replenish(ref, new byte[64]).outcome())
                        .isIn(ReplenishResponse.PLACED, ReplenishResponse.PASSED);
                assertThat(hostA.replenish(ref, new byte[64]).outcome())
                        .isIn(ReplenishResponse.HELD, ReplenishResponse.PASSED);
            }
        }
    }
}
