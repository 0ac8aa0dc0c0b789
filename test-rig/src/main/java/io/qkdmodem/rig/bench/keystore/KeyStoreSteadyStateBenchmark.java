package io.qkdmodem.rig.bench.keystore;

import io.qkdmodem.keystore.KeyMaterial;
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.Reference;
import io.qkdmodem.keystore.RequestId;
import io.qkdmodem.keystore.flash.FlashGeometry;
import io.qkdmodem.keystore.flash.InMemoryNorFlash;
import io.qkdmodem.keystore.log.FlashKeyStore;
import java.util.ArrayList;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steady append/reserve/consume on a store kept 70 % full of reserved key, so the collector runs
 * all the time; the consumed reservation is the oldest or a random one. Reports cycles per second
 * and, as counters, write amplification (bytes programmed on the flash per byte of key appended, in
 * thousandths) and erases per MiB of key.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class KeyStoreSteadyStateBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(KeyStoreSteadyStateBenchmark.class);

    /** 4 MiB: 64 erase blocks of 64 KiB. */
    static final FlashGeometry GEOMETRY = FlashGeometry.of(256, 65_536, 64);

    /** The store and the device counters. */
    @State(Scope.Thread)
    public static class Store {
        /**
         * Which reservation is consumed next: the oldest, or a random one (harder on the
         * collector).
         */
        @Param({"oldest", "random"})
        public String order;

        /**
         * {@link KeyStoreConfig#wearLevelDelta()}: the default, or so large that it never triggers.
         */
        @Param({"64", "1000000"})
        public int wearLevelDelta;

        CountingNorFlash flash;
        FlashKeyStore store;
        KeyMaterial bits;
        final ArrayList<Reference> live = new ArrayList<>();
        final SplittableRandom rnd = new SplittableRandom(9);
        long nextId;
        long keyBytes;
        long baseProgrammed;
        long baseErases;

        @Setup(Level.Trial)
        public void setUp() {
            flash = new CountingNorFlash(new InMemoryNorFlash(GEOMETRY));
            store =
                    FlashKeyStore.format(
                            flash,
                            Devices.key(),
                            KeyStoreConfig.defaults().withWearLevelDelta(wearLevelDelta));
            bits = Devices.bits(Devices.BLOCK_BITS);
            long capacity = (long) (GEOMETRY.blockCount() - 2) * GEOMETRY.blockSize();
            while ((long) live.size() * (Devices.BLOCK_BITS / 8) < capacity * 7 / 10) {
                cycleIn();
            }
        }

        void cycleIn() {
            store.append(Devices.block(nextId, bits));
            live.add(store.reserve(RequestId.of("s" + nextId), Devices.BLOCK_BITS).reference());
            nextId++;
        }

        Reference next() {
            int i = order.equals("oldest") ? 0 : rnd.nextInt(live.size());
            Reference r = live.get(i);
            if (order.equals("oldest")) {
                live.remove(0);
            } else {
                live.set(i, live.get(live.size() - 1));
                live.remove(live.size() - 1);
            }
            return r;
        }

        @Setup(Level.Iteration)
        public void mark() {
            keyBytes = 0;
            baseProgrammed = flash.programmedBytes;
            baseErases = flash.erases;
        }

        @TearDown(Level.Iteration)
        public void report() {
            double wa = (double) (flash.programmedBytes - baseProgrammed) / Math.max(1, keyBytes);
            double erasesPerMiB =
                    (flash.erases - baseErases) / Math.max(1e-9, keyBytes / 1048576.0);
            LOG.info(
                    String.format(
                            "steady state: write amplification %.3f, erases per MiB of key %.2f",
                            wa, erasesPerMiB));
        }
    }

    /** Per-iteration figures JMH prints next to the score. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Figures {
        public long keyBytes;
        public long flashBytes;
        public long erases;
    }

    @Benchmark
    public void appendReserveConsume(Store s, Figures f) {
        long p0 = s.flash.programmedBytes;
        long e0 = s.flash.erases;
        s.cycleIn();
        s.store.consume(s.next());
        s.keyBytes += Devices.BLOCK_BITS / 8;
        f.keyBytes += Devices.BLOCK_BITS / 8;
        f.flashBytes += s.flash.programmedBytes - p0;
        f.erases += s.flash.erases - e0;
    }
}
