package io.qkdmodem.hal.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both ends of a socat pseudo-terminal pair opened through jSerialComm by path. Skips, saying so,
 * only where socat is absent (CI installs it).
 */
class SocatPtyLinkTest {

    @BeforeAll
    static void needsSocat() {
        assumeTrue(
                SocatPtyPair.findSocat().isPresent(),
                "socat is not installed: skipping the pseudo-terminal test (apt-get install socat)");
    }

    private static SerialConfig config(String path) {
        return SerialConfig.builder(path)
                .readTimeout(Duration.ofMillis(100))
                .reconnect(0, Duration.ofMillis(10))
                .build();
    }

    private static byte[] readFully(SerialLink link, int n) throws Exception {
        byte[] out = new byte[n];
        int got = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (got < n && System.nanoTime() < deadline) {
            got += link.read(out, got, n - got);
        }
        assertThat(got).as("bytes received before the deadline").isEqualTo(n);
        return out;
    }

    @Test
    void movesDataBothWays() throws Exception {
        long seed = 20261126L;
        Random rnd = new Random(seed);
        try (SocatPtyPair pair = SocatPtyPair.start(Duration.ofSeconds(5));
                JSerialCommLink a = JSerialCommLink.open(config(pair.pathA()));
                JSerialCommLink b = JSerialCommLink.open(config(pair.pathB()))) {
            byte[] ab = new byte[20_000];
            byte[] ba = new byte[3_000];
            rnd.nextBytes(ab);
            rnd.nextBytes(ba);
            Thread w =
                    new Thread(
                            () -> {
                                try {
                                    a.write(ab);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            w.start();
            assertThat(readFully(b, ab.length)).as("a to b, seed " + seed).isEqualTo(ab);
            w.join();
            b.write(ba);
            assertThat(readFully(a, ba.length)).as("b to a, seed " + seed).isEqualTo(ba);
        }
    }

    @Test
    void readOnIdleLineTimesOutWithZero() throws Exception {
        try (SocatPtyPair pair = SocatPtyPair.start(Duration.ofSeconds(5));
                JSerialCommLink a = JSerialCommLink.open(config(pair.pathA()))) {
            assertThat(a.read(new byte[4], 0, 4)).isZero();
        }
    }

    @Test
    void unplugWithoutReconnectEndsInDisconnected() throws Exception {
        try (SocatPtyPair pair = SocatPtyPair.start(Duration.ofSeconds(5));
                JSerialCommLink a = JSerialCommLink.open(config(pair.pathA()))) {
            pair.close();
            assertThatThrownBy(
                            () -> {
                                for (int i = 0; i < 50; i++) {
                                    a.read(new byte[4], 0, 4);
                                    a.write(new byte[] {1});
                                }
                            })
                    .isInstanceOfSatisfying(
                            SerialLinkException.class,
                            e ->
                                    assertThat(e.kind())
                                            .isEqualTo(SerialLinkException.Kind.DISCONNECTED));
            assertThat(a.isOpen()).isFalse();
        }
    }

    @Test
    void reconnectsByPathAfterUnplugAndReplug(@TempDir Path dir) throws Exception {
        String linkA = dir.resolve("modem-a").toString();
        String linkB = dir.resolve("modem-b").toString();
        SerialConfig cfg =
                SerialConfig.builder(linkA)
                        .readTimeout(Duration.ofMillis(100))
                        .reconnect(40, Duration.ofMillis(50))
                        .build();
        try (SocatPtyPair first = SocatPtyPair.start(Duration.ofSeconds(5), linkA, linkB);
                JSerialCommLink a = JSerialCommLink.open(cfg)) {
            first.close(); // unplug
            try (SocatPtyPair second = SocatPtyPair.start(Duration.ofSeconds(5), linkA, linkB);
                    JSerialCommLink b = JSerialCommLink.open(config(linkB))) {
                // the first read or write notices the unplug and reopens linkA, now the new pty
                byte[] hello = {7, 8, 9};
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                byte[] got = new byte[3];
                int n = 0;
                while (n < 3 && System.nanoTime() < deadline) {
                    a.read(new byte[1], 0, 0);
                    a.write(hello);
                    n = b.read(got, 0, 3);
                }
                assertThat(n).isEqualTo(3);
                assertThat(got).isEqualTo(hello);
                assertThat(a.isOpen()).isTrue();
            }
        }
    }
}
