package io.qkdmodem.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.firmware.link.SerialPeerConnector;
import io.qkdmodem.firmware.sifting.SiftingSettings;
import io.qkdmodem.firmware.testing.FirmwarePair;
import io.qkdmodem.hal.optics.IntensityProfile;
import io.qkdmodem.hal.serial.InMemorySerialPair;
import io.qkdmodem.keystore.AcquisitionCounts;
import io.qkdmodem.keystore.Basis;
import io.qkdmodem.keystore.IntensityClass;
import io.qkdmodem.keystore.KeyStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two firmware instances in one JVM, simulated optics, loopback TCP link. */
class TwoFirmwareTest {

    static SiftingSettings settings() {
        return SiftingSettings.defaults(100_000)
                .withBlockBits(2048, 65536, 16)
                .withMonitor(0.05, 0.11, 2000, 100);
    }

    /** No misalignment, no dark counts: Bob's sifted bits equal Alice's. */
    static final Map<String, String> CLEAN =
            Map.of("sim.length-km", "0", "sim.misalignment", "0", "sim.y0", "0");

    @Test
    void bothStoresEndWithIdenticalBlocks(@TempDir Path dir) throws Exception {
        try (FirmwarePair pair =
                new FirmwarePair(dir, settings(), CLEAN, UnaryOperator.identity())) {
            pair.start();
            FirmwarePair.await("3 blocks", 60, () -> pair.bob.status().blocksCommitted() >= 3);
            assertThat(pair.alice.status().qber()).isEqualTo(0.0);
            long upTo = pair.alice.status().lastBlockId();
            assertThat(pair.stopAndCompare(upTo, true)).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void theModemLinkRunsOverASerialLineToo(@TempDir Path dir) throws Exception {
        InMemorySerialPair line = new InMemorySerialPair(1 << 20, java.time.Duration.ofMillis(50));
        try (FirmwarePair pair =
                new FirmwarePair(
                        dir,
                        settings(),
                        CLEAN,
                        tcp -> {
                            tcp.close();
                            return new SerialPeerConnector(line::a, () -> "line-a");
                        })) {
            pair.bobConnector = new SerialPeerConnector(line::b, () -> "line-b");
            pair.start();
            FirmwarePair.await("2 blocks", 60, () -> pair.bob.status().blocksCommitted() >= 2);
            long upTo = pair.alice.status().lastBlockId();
            assertThat(pair.stopAndCompare(upTo, true)).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void decoyStatesAndBiasedBasisGiveCountsPerClassAndBasis(@TempDir Path dir) throws Exception {
        SiftingSettings s =
                settings().withIntensities(IntensityProfile.standard()).withBasisBias(0.8);
        try (FirmwarePair pair = new FirmwarePair(dir, s, CLEAN, UnaryOperator.identity())) {
            pair.start();
            FirmwarePair.await("2 blocks", 60, () -> pair.bob.status().blocksCommitted() >= 2);
            long upTo = pair.alice.status().lastBlockId();
            assertThat(pair.stopAndCompare(upTo, true)).isGreaterThanOrEqualTo(2);
            try (KeyStore a = Firmware.openKeyStore(pair.aliceConfig)) {
                AcquisitionCounts c = a.blockInfo(0).orElseThrow().counts();
                long z = c.pulses(IntensityClass.SIGNAL, Basis.Z);
                long x = c.pulses(IntensityClass.SIGNAL, Basis.X);
                assertThat(z / (double) (z + x)).isBetween(0.78, 0.82);
                long decoy = c.pulses(IntensityClass.DECOY, Basis.Z);
                long vacuum = c.pulses(IntensityClass.VACUUM, Basis.X);
                assertThat(decoy).isPositive();
                assertThat(vacuum).isPositive();
                assertThat(c.detections(IntensityClass.DECOY, Basis.Z)).isPositive();
                // without dark counts, vacuum slots never click
                assertThat(c.detections(IntensityClass.VACUUM, Basis.Z)).isZero();
                // decoy layout: the key is every matched Z click of every class; every matched X
                // click is disclosed and its errors are counted per class (identical on both
                // sides: stopAndCompare compared the counts)
                long keyBasisSifted = 0;
                for (IntensityClass k : IntensityClass.values()) {
                    keyBasisSifted += c.sifted(k, Basis.Z);
                    assertThat(c.errors(k, Basis.Z)).isZero();
                    assertThat(c.errors(k, Basis.X)).isLessThanOrEqualTo(c.sifted(k, Basis.X));
                }
                assertThat(c.errorsRecorded()).isTrue();
                assertThat(c.sifted(IntensityClass.DECOY, Basis.Z)).isPositive();
                assertThat((long) a.blockInfo(0).orElseThrow().totalBits())
                        .isEqualTo(Math.min(keyBasisSifted, s.maxBlockBits()));
                long signalSifted =
                        c.sifted(IntensityClass.SIGNAL, Basis.Z)
                                + c.sifted(IntensityClass.SIGNAL, Basis.X);
                // Bob's simulated basis choice takes the same bias, so p^2 + (1-p)^2 = 0.68 of
                // the clicks sift, not 1/2
                long signalDetected =
                        c.detections(IntensityClass.SIGNAL, Basis.Z)
                                + c.detections(IntensityClass.SIGNAL, Basis.X);
                assertThat(signalSifted / (double) signalDetected).isBetween(0.62, 0.74);
            }
        }
    }
}
