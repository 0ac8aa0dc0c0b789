package io.qkdmodem.keystore.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.keystore.DeviceKey;
import io.qkdmodem.keystore.Fixtures;
import io.qkdmodem.keystore.KeyBlockInfo;
import io.qkdmodem.keystore.KeyMaterial;
import io.qkdmodem.keystore.KeyRange;
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.KeyStoreException;
import io.qkdmodem.keystore.KeyStoreException.Reason;
import io.qkdmodem.keystore.KeyStoreStats;
import io.qkdmodem.keystore.RequestId;
import io.qkdmodem.keystore.Reservation;
import io.qkdmodem.keystore.flash.FileNorFlash;
import io.qkdmodem.keystore.flash.InMemoryNorFlash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlashKeyStoreTest {
    private static final KeyStoreConfig CONFIG = KeyStoreConfig.defaults().withSegmentBits(256);
    private final DeviceKey key = Fixtures.deviceKey(1);

    private static byte[] read(FlashKeyStore s, Reservation r) {
        try (KeyMaterial m = s.read(r.reference())) {
            assertThat(m.bitLength()).isEqualTo(r.range().bitLength());
            return m.toByteArray();
        }
    }

    @Test
    void reserveBlockTakesTheOldestWholeFreeBlockExactlyAndIsIdempotentAcrossRemount() {
        InMemoryNorFlash flash = new InMemoryNorFlash(Fixtures.SMALL);
        FlashKeyStore s = FlashKeyStore.format(flash, key, CONFIG);
        s.append(Fixtures.block(3, 900)); // too small for 1000
        s.append(Fixtures.block(4, 3000));
        s.append(Fixtures.block(5, 2500));
        s.append(Fixtures.block(6, 2000));
        // Block 4 is touched by a partial reservation, so it is no longer a whole free block.
        s.reserve(RequestId.of("part"), new KeyRange(4, 256, 256));

        Reservation w = s.reserveBlock(RequestId.of("w"), 1000);
        assertThat(w.range()).isEqualTo(new KeyRange(5, 0, 2500));
        assertThat(read(s, w)).isEqualTo(Fixtures.expected(5, 2500, 0, 2500));
        assertThat(s.blockInfo(5).orElseThrow().counts()).isEqualTo(Fixtures.counts(5));
        // A retry gets the same reservation and reserves nothing more.
        assertThat(s.reserveBlock(RequestId.of("w"), 1000)).isEqualTo(w);
        assertThat(s.stats().reservedBits()).isEqualTo(256 + 2500);
        // The same id for something else is a conflict.
        assertThatThrownBy(() -> s.reserveBlock(RequestId.of("w"), 2600))
                .isInstanceOfSatisfying(
                        KeyStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REQUEST_ID_CONFLICT));
        assertThatThrownBy(() -> s.reserveBlock(RequestId.of("part"), 100))
                .isInstanceOfSatisfying(
                        KeyStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REQUEST_ID_CONFLICT));
        s.close();

        FlashKeyStore t = FlashKeyStore.mount(flash, key, CONFIG);
        assertThat(t.reserveBlock(RequestId.of("w"), 1000)).isEqualTo(w);
        t.consume(w.reference());
        assertThat(t.reserveBlock(RequestId.of("w"), 1000).reference()).isEqualTo(w.reference());
        Reservation next = t.reserveBlock(RequestId.of("w2"), 1000);
        assertThat(next.range()).isEqualTo(new KeyRange(6, 0, 2000));
        // Nothing whole of that size is left: refused, nothing changes.
        long reserved = t.stats().reservedBits();
        assertThatThrownBy(() -> t.reserveBlock(RequestId.of("w3"), 1000))
                .isInstanceOfSatisfying(
                        KeyStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INSUFFICIENT_KEY));
        assertThat(t.stats().reservedBits()).isEqualTo(reserved);
        assertThat(t.findReservation(RequestId.of("w3"))).isEmpty();
        // The small block is still there for a smaller whole-block request.
        assertThat(t.reserveBlock(RequestId.of("w4"), 512).range())
                .isEqualTo(new KeyRange(3, 0, 900));
        t.close();
    }

    @Test
    void appendReserveReadConsumeSurvivesRemount() {
        InMemoryNorFlash flash = new InMemoryNorFlash(Fixtures.SMALL);
        FlashKeyStore s = FlashKeyStore.format(flash, key, CONFIG);
        s.append(Fixtures.block(7, 5000));
        Reservation r = s.reserve(RequestId.of("a"), 1000);
        assertThat(r.range()).isEqualTo(new KeyRange(7, 0, 1000));
        assertThat(read(s, r)).isEqualTo(Fixtures.expected(7, 5000, 0, 1000));
        Reservation r2 = s.reserve(RequestId.of("b"), 700);
        assertThat(r2.range().bitOffset()).isEqualTo(1024);
        assertThat(r2.reference()).isNotEqualTo(r.reference());
        s.close();

        FlashKeyStore t = FlashKeyStore.mount(flash, key, CONFIG);
        assertThat(read(t, r)).isEqualTo(Fixtures.expected(7, 5000, 0, 1000));
        assertThat(read(t, r2)).isEqualTo(Fixtures.expected(7, 5000, 1024, 700));
        assertThat(t.findReservation(RequestId.of("b"))).contains(r2);
        KeyBlockInfo info = t.blockInfo(7).orElseThrow();
        assertThat(info.counts()).isEqualTo(Fixtures.counts(7));
        assertThat(info.totalBits()).isEqualTo(5000);
        assertThat(info.reservedBits()).isEqualTo(1024 + 768);
        long generation = t.stats().mountGeneration();
        t.consume(r.reference());
        t.consume(r.reference()); // idempotent
        assertThatThrownBy(() -> t.read(r.reference()))
                .isInstanceOfSatisfying(
                        KeyStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_CONSUMED));
        t.close();

        FlashKeyStore u = FlashKeyStore.mount(flash, key, CONFIG);
        assertThat(u.stats().mountGeneration()).isEqualTo(generation + 1);
        assertThat(u.reservation(r.reference()).orElseThrow().state())
                .isEqualTo(Reservation.State.CONSUMED);
        // A retried reserve with the consumed request id returns the same (consumed) reservation.
        assertThat(u.reserve(RequestId.of("a"), 1000).reference()).isEqualTo(r.reference());
        assertThat(u.stats().consumedBits()).isEqualTo(1000);
    }

    @Test
    void consumeZeroizesTheCiphertextOnTheRawImage() {
        InMemoryNorFlash flash = new InMemoryNorFlash(Fixtures.SMALL);
        FlashKeyStore s = FlashKeyStore.format(flash, key, CONFIG);
        s.append(Fixtures.block(1, 512));
        byte[] before = flash.snapshot();
        Reservation r = s.reserve(RequestId.of("z"), 512);
        s.consume(r.reference());
        byte[] after = flash.snapshot();
        // Find the bytes that changed from non-zero to zero: at least the two sealed segments.
        int zeroed = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] != 0 && after[i] == 0) {
                zeroed++;
            }
        }
        assertThat(zeroed).isGreaterThanOrEqualTo(2 * (32 + 16) - 4);
        assertThat(s.stats().availableBits()).isZero();
    }

    @Test
    void requestIdsAreIdempotentAndConflictsAreTyped() {
        FlashKeyStore s = FlashKeyStore.format(new InMemoryNorFlash(Fixtures.SMALL), key, CONFIG);
        s.append(Fixtures.block(1, 4096));
        Reservation a = s.reserve(RequestId.of("x"), 300);
        assertThat(s.reserve(RequestId.of("x"), 300)).isEqualTo(a);
        assertThatThrownBy(() -> s.reserve(RequestId.of("x"), 301))
                .isInstanceOfSatisfying(
                        KeyStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REQUEST_ID_CONFLICT));
        assertThatThrownBy(() -> s.reserve(RequestId.of("y"), new KeyRange(1, 0, 10)))
                .isInstanceOfSatisfying(
                        KeyStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.RANGE_UNAVAILABLE));
        assertThatThrownBy(() -> s.reserve(RequestId.of("y"), new KeyRange(1, 100, 10)))
                .isInstanceOfSatisfying(
                        KeyStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MISALIGNED_RANGE));
        Reservation exact = s.reserve(RequestId.of("y"), new KeyRange(1, 512, 256));
        assertThat(exact.range()).isEqualTo(new KeyRange(1, 512, 256));
        assertThatThrownBy(() -> s.reserve(RequestId.of("big"), 100_000))
                .isInstanceOfSatisfying(
                        KeyStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INSUFFICIENT_KEY));
        assertThatThrownBy(() -> s.append(Fixtures.block(1, 10)))
                .isInstanceOfSatisfying(
                        KeyStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DUPLICATE_BLOCK));
        assertThatThrownBy(() -> s.append(Fixtures.block(2, s.maxBlockBits() + 1)))
                .isInstanceOfSatisfying(
                        KeyStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BLOCK_TOO_LARGE));
        s.append(Fixtures.block(3, s.maxBlockBits()));
    }

    @Test
    void wrongDeviceKeyIsAClearErrorAndUnformattedIsToo() {
        InMemoryNorFlash flash = new InMemoryNorFlash(Fixtures.SMALL);
        assertThatThrownBy(() -> FlashKeyStore.mount(flash, key, CONFIG))
                .isInstanceOfSatisfying(
                        KeyStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FORMATTED));
        FlashKeyStore.format(flash, key, CONFIG).close();
        assertThatThrownBy(() -> FlashKeyStore.mount(flash, Fixtures.deviceKey(2), CONFIG))
                .isInstanceOfSatisfying(
                        KeyStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_DEVICE_KEY));
    }

    @Test
    void imageShowsNoKeyBitsAndNoBlockIds() {
        InMemoryNorFlash flash = new InMemoryNorFlash(Fixtures.SMALL);
        FlashKeyStore s = FlashKeyStore.format(flash, key, CONFIG);
        byte[] bits = Fixtures.bits(0x1122334455667788L, 2048);
        s.append(Fixtures.block(0x1122334455667788L, 2048));
        byte[] image = flash.snapshot();
        assertThat(indexOf(image, java.util.Arrays.copyOf(bits, 8))).isEqualTo(-1);
        assertThat(
                        indexOf(
                                image,
                                new byte[] {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88}))
                .isEqualTo(-1);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void noMaterialInToStringOrMessages() {
        FlashKeyStore s = FlashKeyStore.format(new InMemoryNorFlash(Fixtures.SMALL), key, CONFIG);
        s.append(Fixtures.block(5, 256));
        Reservation r = s.reserve(RequestId.of("q"), 256);
        KeyMaterial m = s.read(r.reference());
        String hex = java.util.HexFormat.of().formatHex(m.toByteArray());
        assertThat(m.toString()).doesNotContain(hex.substring(0, 8)).contains("256 bits");
        assertThat(r.toString() + s + key + s.stats()).doesNotContain(hex.substring(0, 8));
        m.destroy();
        assertThat(m.isDestroyed()).isTrue();
        assertThatThrownBy(m::toByteArray).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void garbageCollectionReclaimsSpaceAndLevelsWear() {
        InMemoryNorFlash flash = new InMemoryNorFlash(Fixtures.SMALL);
        FlashKeyStore s = FlashKeyStore.format(flash, key, CONFIG.withWearLevelDelta(8));
        long id = 0;
        List<Reservation> live = new ArrayList<>();
        // Far more than the device holds: only works if consumed space is reclaimed.
        for (int round = 0; round < 400; round++) {
            s.append(Fixtures.block(++id, 8000));
            Reservation r = s.reserve(RequestId.of("r" + round), 8000);
            live.add(r);
            if (live.size() > 3) {
                Reservation old = live.remove(0);
                assertThat(read(s, old))
                        .isEqualTo(Fixtures.expected(old.range().blockId(), 8000, 0, 8000));
                s.consume(old.reference());
            }
        }
        KeyStoreStats st = s.stats();
        assertThat(st.totalErases()).isGreaterThan(3L * Fixtures.SMALL.blockCount());
        assertThat(st.maxEraseCount() - st.minEraseCount()).isLessThanOrEqualTo(8 + 4);
        s.close();
        FlashKeyStore t = FlashKeyStore.mount(flash, key, CONFIG);
        for (Reservation r : live) {
            assertThat(read(t, r)).isEqualTo(Fixtures.expected(r.range().blockId(), 8000, 0, 8000));
        }
        assertThat(t.stats().reservedBits()).isEqualTo(3L * 8000);
    }

    @Test
    void fullStoreSaysSo() {
        FlashKeyStore s = FlashKeyStore.format(new InMemoryNorFlash(Fixtures.SMALL), key, CONFIG);
        long id = 0;
        KeyStoreException full = null;
        try {
            while (true) {
                s.append(Fixtures.block(++id, 8000));
            }
        } catch (KeyStoreException e) {
            full = e;
        }
        assertThat(full.reason()).isEqualTo(Reason.STORE_FULL);
        assertThat(id).isGreaterThan(8);
        // Still usable: reserve, consume, collect, append again.
        Reservation r = s.reserve(RequestId.of("a"), 8000);
        s.consume(r.reference());
        Reservation r2 = s.reserve(RequestId.of("b"), 8000);
        s.consume(r2.reference());
        s.collectGarbage();
        s.append(Fixtures.block(++id, 8000));
    }

    @Test
    void aStoreFullOfReservedKeyCanStillConsumeAndRecover() {
        FlashKeyStore s = FlashKeyStore.format(new InMemoryNorFlash(Fixtures.SMALL), key, CONFIG);
        List<Reservation> held = new ArrayList<>();
        long id = 0;
        try {
            while (true) {
                s.append(Fixtures.block(++id, 1700));
            }
        } catch (KeyStoreException e) {
            assertThat(e.reason()).isEqualTo(Reason.STORE_FULL);
        }
        // Small reservations until even their records no longer fit: nothing is dead anywhere.
        try {
            for (int i = 0; ; i++) {
                held.add(s.reserve(RequestId.of("h" + i), 256));
            }
        } catch (KeyStoreException e) {
            assertThat(e.reason()).isIn(Reason.STORE_FULL, Reason.INSUFFICIENT_KEY);
        }
        assertThat(held).hasSizeGreaterThan(10);
        // Consumes must go through even now: they are what makes space reclaimable.
        for (Reservation r : held) {
            s.consume(r.reference());
        }
        for (int i = 0; i < 20; i++) {
            s.append(Fixtures.block(++id, 2000));
            s.consume(s.reserve(RequestId.of("again" + i), 2000).reference());
        }
    }

    @Test
    void fileBackedStoreSurvivesReopen(@TempDir Path dir) {
        Path image = dir.resolve("flash.img");
        Reservation r;
        try (FileNorFlash f = FileNorFlash.create(image, Fixtures.SMALL)) {
            FlashKeyStore s = FlashKeyStore.format(f, key, CONFIG);
            s.append(Fixtures.block(9, 3000));
            r = s.reserve(RequestId.of("f"), 3000);
            s.close();
        }
        try (FileNorFlash f = FileNorFlash.open(image)) {
            FlashKeyStore s = FlashKeyStore.mount(f, key, CONFIG);
            assertThat(read(s, r)).isEqualTo(Fixtures.expected(9, 3000, 0, 3000));
        }
    }

    @Test
    void oneWriterManyReaders() throws Exception {
        FlashKeyStore s =
                FlashKeyStore.format(new InMemoryNorFlash(FlashGeometryFor.medium()), key, CONFIG);
        s.append(Fixtures.block(1, 4000));
        Reservation fixed = s.reserve(RequestId.of("fixed"), 4000);
        byte[] expect = Fixtures.expected(1, 4000, 0, 4000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                readers.add(
                        pool.submit(
                                () -> {
                                    int n = 0;
                                    for (int i = 0; i < 300; i++) {
                                        assertThat(read(s, fixed)).isEqualTo(expect);
                                        s.stats();
                                        n++;
                                    }
                                    return n;
                                }));
            }
            Future<Set<Long>> writer =
                    pool.submit(
                            () -> {
                                Set<Long> refs = new HashSet<>();
                                for (int i = 0; i < 150; i++) {
                                    s.append(Fixtures.block(100 + i, 2000));
                                    Reservation r = s.reserve(RequestId.of("w" + i), 2000);
                                    refs.add(r.reference().value());
                                    s.consume(r.reference());
                                }
                                return refs;
                            });
            assertThat(writer.get(60, TimeUnit.SECONDS)).hasSize(150);
            for (Future<Integer> f : readers) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(300);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Geometries used above. */
    static final class FlashGeometryFor {
        static io.qkdmodem.keystore.flash.FlashGeometry medium() {
            return io.qkdmodem.keystore.flash.FlashGeometry.of(256, 8192, 32);
        }
    }
}
