package io.qkdmodem.rig.bench.firmware;

import io.qkdmodem.firmware.auth.AuthKeyPool;
import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.config.KeyFiles;
import io.qkdmodem.firmware.config.PeerLinkSpec;
import io.qkdmodem.firmware.config.Role;
import io.qkdmodem.firmware.link.TcpPeerConnector;
import io.qkdmodem.firmware.runtime.Firmware;
import io.qkdmodem.firmware.sifting.SiftingSettings;
import io.qkdmodem.hal.config.HalConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sifted key rate of two firmware instances (Alice and Bob) in one JVM limited to {@code -Xmx64m}:
 * the hal {@code sim} optics (GYS parameters, mu 0.5, 2^20 slots per frame) over an in-memory fiber
 * of {@code distanceKm}, the authenticated modem-to-modem link over loopback TCP, blocks appended
 * to in-memory NOR flash key stores on both sides. The benchmark method only watches: the counter
 * {@code siftedBits} is the key bits both sides committed, reported per second of wall time; {@code
 * peakHeapMiB} is the heap's peak over the whole run (both instances).
 *
 * <p>Run: {@code java -cp test-rig/target/test-rig.jar org.openjdk.jmh.Main FirmwareSifting -f 1
 * -wi 1 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx64m"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
public class FirmwareSiftingBenchmark {

    @Param({"0", "25", "50"})
    public int distanceKm;

    private Path dir;
    private Firmware alice;
    private Firmware bob;
    private long seen;

    /** The figures JMH reports next to the (meaningless) poll rate. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Sifted {
        /** Key bits committed by both sides (reported per second). */
        public long siftedBits;

        @Setup(Level.Iteration)
        public void reset() {
            siftedBits = 0;
        }
    }

    /**
     * Heap figures in MiB, reported as they stand at the end of each iteration: {@code peakHeapMiB}
     * sums the peak usage of the heap pools (garbage included, so it approaches the -Xmx limit),
     * {@code liveHeapMiB} is the largest heap left after a collection so far.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Heap {
        public double peakHeapMiB;
        public double liveHeapMiB;
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        dir = Files.createTempDirectory("firmware-bench");
        byte[] secret = new byte[1 << 18];
        new SplittableRandom(1).nextBytes(secret);
        Path secretFile = dir.resolve("auth.secret");
        KeyFiles.writeSecretHex(secretFile, secret);
        Map<String, String> hal =
                Map.of(
                        "hal.backend",
                        "sim",
                        "hal.entropy",
                        "sim-drbg",
                        "sim.length-km",
                        Integer.toString(distanceKm),
                        "sim.fiber",
                        "memory:bench-" + distanceKm + "-" + System.nanoTime());
        // 4096-bit blocks: the counter moves per committed block, smaller blocks smooth it
        SiftingSettings sifting = SiftingSettings.defaults(1 << 20).withBlockBits(4096, 65536, 256);
        TcpPeerConnector listen = TcpPeerConnector.listen("127.0.0.1", 0);
        FirmwareConfig a =
                config(Role.ALICE, hal, sifting, secretFile, "alice")
                        .peer(PeerLinkSpec.tcpListen("127.0.0.1", listen.localPort()))
                        .build();
        FirmwareConfig b =
                config(Role.BOB, hal, sifting, secretFile, "bob")
                        .peer(PeerLinkSpec.tcpConnect("127.0.0.1", listen.localPort()))
                        .build();
        alice =
                Firmware.builder(a)
                        .peerConnector(listen)
                        .authPool(AuthKeyPool.inMemory(secret))
                        .start();
        bob = Firmware.builder(b).authPool(AuthKeyPool.inMemory(secret)).start();
    }

    private static FirmwareConfig.Builder config(
            Role role, Map<String, String> hal, SiftingSettings s, Path secret, String who) {
        java.util.HashMap<String, String> h = new java.util.HashMap<>(hal);
        h.put("hal.entropy.label", who);
        return FirmwareConfig.builder(role, who)
                .hal(HalConfig.of(h))
                .flash(null, FirmwareConfig.defaultGeometry(), null)
                .authPool(null, secret)
                .sifting(s);
    }

    /** Polls every 50 ms and counts the key bits Bob committed since the last poll. */
    @Benchmark
    public void sift(Sifted sifted, Heap heap) throws InterruptedException {
        Thread.sleep(50);
        long now = bob.status().siftedKeyBits();
        sifted.siftedBits += now - seen;
        seen = now;
        maxUsed = Math.max(maxUsed, usedHeapMiB());
        heap.peakHeapMiB = maxUsed;
        maxLive = Math.max(maxLive, liveHeapMiB());
        heap.liveHeapMiB = maxLive;
    }

    private double maxLive;
    private double maxUsed;

    static double usedHeapMiB() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()
                / (1024.0 * 1024.0);
    }

    static double liveHeapMiB() {
        long live = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
                live += p.getCollectionUsage().getUsed();
            }
        }
        return live / (1024.0 * 1024.0);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        alice.close();
        bob.close();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
