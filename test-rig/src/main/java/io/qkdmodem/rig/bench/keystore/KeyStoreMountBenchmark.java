package io.qkdmodem.rig.bench.keystore;

import io.qkdmodem.keystore.DeviceKey;
import io.qkdmodem.keystore.KeyMaterial;
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.KeyStoreException;
import io.qkdmodem.keystore.KeyStoreStats;
import io.qkdmodem.keystore.Reference;
import io.qkdmodem.keystore.RequestId;
import io.qkdmodem.keystore.flash.FileNorFlash;
import io.qkdmodem.keystore.flash.FlashGeometry;
import io.qkdmodem.keystore.flash.InMemoryNorFlash;
import io.qkdmodem.keystore.log.FlashKeyStore;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mount time of a 64 MiB image at 90 % full (4 KiB key blocks; half of them reserved, a tenth of
 * those consumed), from an image file (the firmware's default flash; the file is in the page cache
 * after the first iteration) and from memory. Mount includes the new header write.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class KeyStoreMountBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(KeyStoreMountBenchmark.class);

    /** 64 MiB: 1024 erase blocks of 64 KiB, 256-byte pages. */
    static final FlashGeometry GEOMETRY = FlashGeometry.of(256, 65_536, 1024);

    /** The full image, in memory and in a file. */
    @State(Scope.Benchmark)
    public static class Image {
        Path dir;
        Path file;
        byte[] image;
        long[] erases;
        final DeviceKey key = Devices.key();

        @Setup(Level.Trial)
        public void build() {
            InMemoryNorFlash mem = new InMemoryNorFlash(GEOMETRY);
            FlashKeyStore s = FlashKeyStore.format(mem, key, KeyStoreConfig.defaults());
            KeyMaterial bits = Devices.bits(Devices.BLOCK_BITS);
            long capacity = GEOMETRY.capacity();
            long id = 0;
            try {
                // stats() walks the whole index: look at it every 64 appends only.
                while (id % 64 != 0 || s.stats().freeBytes() > capacity / 10) {
                    s.append(Devices.block(id, bits));
                    if (id % 2 == 0) {
                        Reference r =
                                s.reserve(RequestId.of("m" + id), Devices.BLOCK_BITS).reference();
                        if (id % 20 == 0) {
                            s.consume(r);
                        }
                    }
                    id++;
                }
            } catch (KeyStoreException e) {
                if (e.reason() != KeyStoreException.Reason.STORE_FULL) {
                    throw e;
                }
            }
            KeyStoreStats st = s.stats();
            LOG.info(
                    "mount image: {} blocks appended, free {} of {} bytes ({}% used), {} reserved bits",
                    id,
                    st.freeBytes(),
                    capacity,
                    100 - st.freeBytes() * 100 / capacity,
                    st.reservedBits());
            s.close();
            image = mem.snapshot();
            erases = mem.eraseCounts();
            dir = Devices.tempDir();
            file = dir.resolve("flash.img");
            try (FileNorFlash f = FileNorFlash.create(file, GEOMETRY)) {
                byte[] block = new byte[GEOMETRY.blockSize()];
                for (int b = 0; b < GEOMETRY.blockCount(); b++) {
                    System.arraycopy(image, b * GEOMETRY.blockSize(), block, 0, block.length);
                    f.program(GEOMETRY.blockAddress(b), block, 0, block.length);
                }
                f.sync();
            }
        }

        @TearDown(Level.Trial)
        public void clean() {
            Devices.delete(dir);
        }
    }

    @Benchmark
    public long mountFromFile(Image img) {
        try (FileNorFlash f = FileNorFlash.open(img.file)) {
            FlashKeyStore s = FlashKeyStore.mount(f, img.key, KeyStoreConfig.defaults());
            long bits = s.stats().availableBits();
            s.close();
            return bits;
        }
    }

    /** A fresh in-memory copy of the image per iteration (copying is not timed). */
    @State(Scope.Thread)
    public static class Copy {
        InMemoryNorFlash flash;

        @Setup(Level.Iteration)
        public void copy(Image img) {
            flash = InMemoryNorFlash.of(GEOMETRY, img.image, img.erases);
        }
    }

    @Benchmark
    public long mountFromMemory(Image img, Copy copy) {
        FlashKeyStore s = FlashKeyStore.mount(copy.flash, img.key, KeyStoreConfig.defaults());
        long bits = s.stats().availableBits();
        s.close();
        return bits;
    }
}
