package io.qkdmodem.rig.bench.keystore;

import io.qkdmodem.keystore.AcquisitionCounts;
import io.qkdmodem.keystore.DeviceKey;
import io.qkdmodem.keystore.KeyBlock;
import io.qkdmodem.keystore.KeyMaterial;
import io.qkdmodem.keystore.flash.FileNorFlash;
import io.qkdmodem.keystore.flash.FlashGeometry;
import io.qkdmodem.keystore.flash.InMemoryNorFlash;
import io.qkdmodem.keystore.flash.NorFlash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Devices, keys and blocks shared by the key store benchmarks. */
final class Devices {
    /** 4096 bytes of key per block: the unit of every throughput figure. */
    static final int BLOCK_BITS = 32_768;

    private Devices() {}

    static NorFlash create(String kind, FlashGeometry g, Path dir) {
        if (kind.equals("file")) {
            return FileNorFlash.create(dir.resolve("flash.img"), g);
        }
        return new InMemoryNorFlash(g);
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("qkd-keystore-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DeviceKey key() {
        byte[] k = new byte[DeviceKey.BYTES];
        new SplittableRandom(1).nextBytes(k);
        return DeviceKey.of(k);
    }

    static KeyMaterial bits(int bits) {
        byte[] b = new byte[bits / 8];
        new SplittableRandom(bits).nextBytes(b);
        return KeyMaterial.wrap(b, bits);
    }

    static KeyBlock block(long id, KeyMaterial bits) {
        return new KeyBlock(id, 0, AcquisitionCounts.none(), bits);
    }
}
