package io.qkdmodem.hal.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.hal.entropy.SeededDrbg;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.Frame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alice here, Bob in a separate JVM ({@link FiberPeerMain}), joined only by the loopback TCP fiber:
 * Bob's reports must equal those of the same seeds run in one process.
 */
class TwoProcessFiberTest {
    static final int SLOTS = 300_000;
    static final int FRAMES = 3;

    static SimParameters params(long seed) {
        return SimParameters.builder().lengthKm(20).seed(seed).build();
    }

    @Test
    void bobInAnotherProcessSeesTheSameClicks(@TempDir Path dir) throws Exception {
        long seed = 31;
        SimParameters p = params(seed);
        List<String> expected = new ArrayList<>();
        try (SimHarness h = new SimHarness(p)) {
            for (int f = 0; f < FRAMES; f++) {
                ClickReport r = h.frame(SLOTS);
                expected.add(r.frameId() + " " + r.size() + " " + r.hashCode());
            }
        }
        Path out = dir.resolve("bob.txt");
        try (TcpFiberEndpoint aliceEnd = TcpFiberEndpoint.listen(0);
                SimTransmitter alice = new SimTransmitter(p, aliceEnd, false)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process bob =
                    new ProcessBuilder(
                                    java,
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    FiberPeerMain.class.getName(),
                                    String.valueOf(aliceEnd.localPort()),
                                    String.valueOf(SLOTS),
                                    String.valueOf(FRAMES),
                                    String.valueOf(seed),
                                    out.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("bob.log").toFile())
                            .start();
            SeededDrbg aliceEntropy = new SeededDrbg(seed, "alice");
            for (int f = 0; f < FRAMES; f++) {
                byte[] key = new byte[16];
                aliceEntropy.nextBytes(key);
                alice.emit(new Frame(f, SLOTS, new CtrSlotStateSource(key, f, SLOTS, p.profile())));
            }
            assertThat(bob.waitFor(60, TimeUnit.SECONDS)).as("Bob's process finished").isTrue();
            assertThat(bob.exitValue())
                    .as("Bob's log: %s", Files.readString(dir.resolve("bob.log")))
                    .isZero();
        }
        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).isEqualTo(expected);
    }
}
