package io.qkdmodem.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.firmware.testing.FirmwarePair;
import io.qkdmodem.protocol.message.KeyRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many restarts of either side at random moments, with the host reserving and consuming key in
 * between: stores stay identical, no reservation ever overlaps another. Slow: {@code mvn -Plong}.
 */
@Tag("slow")
class RestartSoakTest {

    @Test
    void randomRestartsKeepBothStoresIdentical(@TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        List<KeyRef> handedOut = new ArrayList<>();
        try (FirmwarePair pair =
                new FirmwarePair(
                        dir,
                        TwoFirmwareTest.settings(),
                        TwoFirmwareTest.CLEAN,
                        UnaryOperator.identity())) {
            pair.start();
            long request = 1000;
            for (int cycle = 0; cycle < 12; cycle++) {
                long target = pair.bob.status().blocksCommitted() + 1 + rnd.nextInt(3);
                FirmwarePair.await(
                        "blocks (seed " + seed + ")",
                        90,
                        () -> pair.bob.status().blocksCommitted() >= target);
                KeyRef ref = pair.alice.backend().reserve(request, 1024);
                assertThat(pair.bob.backend().reserveReference(request, ref, 1024)).isEqualTo(ref);
                for (KeyRef old : handedOut) {
                    assertThat(RestartTest.overlaps(ref, old)).as("seed %d", seed).isFalse();
                }
                handedOut.add(ref);
                if (rnd.nextBoolean()) {
                    pair.alice.backend().consume(ref);
                    pair.bob.backend().consume(ref);
                }
                request++;
                Thread.sleep(rnd.nextInt(300));
                if (rnd.nextBoolean()) {
                    pair.stopAlice();
                    pair.startAlice();
                } else {
                    pair.stopBob();
                    pair.startBob();
                }
            }
            FirmwarePair.await("last blocks", 90, () -> pair.bob.status().blocksCommitted() >= 1);
            long upTo = pair.alice.status().lastBlockId();
            assertThat(pair.stopAndCompare(upTo + 2, false))
                    .as("seed %d", seed)
                    .isGreaterThanOrEqualTo(12);
        }
    }
}
