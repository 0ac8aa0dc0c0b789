package io.qkdmodem.rig.bench.keystore;

import io.qkdmodem.keystore.KeyMaterial;
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.Reference;
import io.qkdmodem.keystore.RequestId;
import io.qkdmodem.keystore.flash.FlashGeometry;
import io.qkdmodem.keystore.flash.NorFlash;
import io.qkdmodem.keystore.log.FlashKeyStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable append and consume of 4 KiB (32 768-bit) key blocks against the raw bandwidth of the same
 * device: {@code rawProgramSynced} programs 4 KiB and syncs (one durable write of the same size),
 * {@code rawProgram} programs 4 KiB without sync. Time per operation; throughput ratio = raw time /
 * store time.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class KeyStoreThroughputBenchmark {
    static final int OPS = 1000;

    /** 16 MiB: 256 erase blocks of 64 KiB, 256-byte pages. */
    static final FlashGeometry GEOMETRY = FlashGeometry.of(256, 65_536, 256);

    /** A freshly erased device per iteration. */
    @State(Scope.Thread)
    public static class Raw {
        @Param({"file", "memory"})
        public String device;

        Path dir;
        NorFlash flash;
        final byte[] chunk = new byte[Devices.BLOCK_BITS / 8];

        @Setup(Level.Iteration)
        public void setUp() {
            dir = Devices.tempDir();
            flash = Devices.create(device, GEOMETRY, dir);
            new java.util.SplittableRandom(3).nextBytes(chunk);
        }

        @TearDown(Level.Iteration)
        public void tearDown() {
            flash.close();
            Devices.delete(dir);
        }
    }

    /** A freshly formatted store per iteration. */
    @State(Scope.Thread)
    public static class Empty {
        @Param({"file", "memory"})
        public String device;

        Path dir;
        NorFlash flash;
        FlashKeyStore store;
        KeyMaterial bits;
        long nextId;

        @Setup(Level.Iteration)
        public void setUp() {
            dir = Devices.tempDir();
            flash = Devices.create(device, GEOMETRY, dir);
            store = FlashKeyStore.format(flash, Devices.key(), KeyStoreConfig.defaults());
            bits = Devices.bits(Devices.BLOCK_BITS);
            prepare();
        }

        /** Fills the fresh store before the timed part; nothing by default. */
        void prepare() {}

        @TearDown(Level.Iteration)
        public void tearDown() {
            store.close();
            flash.close();
            Devices.delete(dir);
        }
    }

    /** A store holding {@link #OPS} reserved blocks per iteration, ready to consume. */
    @State(Scope.Thread)
    public static class Reserved extends Empty {
        final List<Reference> refs = new ArrayList<>();

        @Override
        void prepare() {
            refs.clear();
            for (int i = 0; i < OPS; i++) {
                store.append(Devices.block(i, bits));
                refs.add(store.reserve(RequestId.of("r" + i), Devices.BLOCK_BITS).reference());
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long rawProgramSynced(Raw s) {
        long at = 0;
        for (int i = 0; i < OPS; i++) {
            s.flash.program(at, s.chunk, 0, s.chunk.length);
            s.flash.sync();
            at += s.chunk.length;
        }
        return at;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long rawProgram(Raw s) {
        long at = 0;
        for (int i = 0; i < OPS; i++) {
            s.flash.program(at, s.chunk, 0, s.chunk.length);
            at += s.chunk.length;
        }
        s.flash.sync();
        return at;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long append(Empty s) {
        for (int i = 0; i < OPS; i++) {
            s.store.append(Devices.block(s.nextId++, s.bits));
        }
        return s.nextId;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int consume(Reserved s) {
        for (Reference r : s.refs) {
            s.store.consume(r);
        }
        return s.refs.size();
    }
}
