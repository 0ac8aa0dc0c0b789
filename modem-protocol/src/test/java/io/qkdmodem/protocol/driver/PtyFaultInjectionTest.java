package io.qkdmodem.protocol.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qkdmodem.hal.serial.JSerialCommLink;
import io.qkdmodem.hal.serial.SerialConfig;
import io.qkdmodem.hal.serial.SocatPtyPair;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.testing.FaultyLink;
import io.qkdmodem.protocol.testing.InMemoryModemBackend;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Host client and modem server over both ends of a socat pseudo-terminal pair, opened through
 * jSerialComm, with bytes dropped and corrupted in both directions: every key delivered must be
 * exactly the key reserved. Bytes are also duplicated. Skips, saying so, only where socat is
 * absent.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang guard, not a performance bound
class PtyFaultInjectionTest {

    private static SerialConfig cfg(String path) {
        return SerialConfig.builder(path)
                .baud(921_600)
                .readTimeout(Duration.ofMillis(100))
                .reconnect(0, Duration.ofMillis(10))
                .build();
    }

    @Test
    void reserveFetchConsumeSurviveDropsAndCorruption() throws Exception {
        run(20261126L, 20, 3e-4, 512);
    }

    /** A longer run (300 rounds) with full 4 KiB chunks: {@code mvn -Plong verify}. */
    @Test
    @Tag("slow")
    void soakWithFullChunks() throws Exception {
        run(7L, 300, 3e-5, 4096);
    }

    private static void run(long seed, int rounds, double p, int chunk) throws Exception {
        assumeTrue(
                SocatPtyPair.findSocat().isPresent(),
                "socat is not installed: skipping the pseudo-terminal test (apt-get install socat)");
        Random rnd = new Random(seed);
        long linkSeed = 77;
        InMemoryModemBackend backend = new InMemoryModemBackend(linkSeed, 1L << 24);
        try (SocatPtyPair pty = SocatPtyPair.start(Duration.ofSeconds(5))) {
            FaultyLink hostSide =
                    new FaultyLink(JSerialCommLink.open(cfg(pty.pathA())), seed, p, p, p);
            FaultyLink modemSide =
                    new FaultyLink(JSerialCommLink.open(cfg(pty.pathB())), seed + 1, p, p, p);
            try (ModemServer server = DriverTestSupport.server(modemSide, backend);
                    ModemClient client =
                            ModemClient.connect(
                                    hostSide,
                                    DriverTestSupport.hostConfig().fetchChunk(chunk).build())) {
                for (int i = 0; i < rounds; i++) {
                    int bits = 8 * (256 + rnd.nextInt(2048)) + rnd.nextInt(8);
                    KeyRef ref = client.reserve(1000 + i, bits);
                    KeyMaterial k = client.fetch(ref);
                    assertThat(k.copy())
                            .as("round %d, seed %d", i, seed)
                            .isEqualTo(InMemoryModemBackend.expectedKey(linkSeed, ref, bits));
                    k.destroy();
                    client.consume(ref);
                }
                assertThat(backend.reservations())
                        .as("no RESERVE reserved twice")
                        .isEqualTo(rounds);
                long faults =
                        hostSide.dropped()
                                + hostSide.corrupted()
                                + hostSide.duplicated()
                                + modemSide.dropped()
                                + modemSide.corrupted();
                assertThat(faults).as("faults were injected").isPositive();
                assertThat(client.stats().retransmits()).as("and cost retransmits").isPositive();
            }
        }
    }
}
