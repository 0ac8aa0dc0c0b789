package io.qkdmodem.keystore.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.keystore.DeviceKey;
import io.qkdmodem.keystore.Fixtures;
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.flash.FaultyNorFlash;
import io.qkdmodem.keystore.flash.FlashGeometry;
import io.qkdmodem.keystore.flash.InMemoryNorFlash;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Power-loss testing the way littlefs tests itself: run a seeded workload once on a recording
 * device, then replay it with the power cut at every program (at its start and at a random torn
 * byte inside) and every erase (before, torn, after) in turn; mount what survived, check it against
 * the model of acknowledged operations, keep using it, remount and check again.
 */
class PowerLossTest {
    /** 12 blocks of 2 KiB: the workload fills it and forces collections and header rotation. */
    static final FlashGeometry TINY = new FlashGeometry(128, 2048, 12, 100_000);

    static final KeyStoreConfig CONFIG =
            KeyStoreConfig.defaults()
                    .withSegmentBits(256)
                    .withConsumedRetention(8)
                    .withWearLevelDelta(6);
    private static final DeviceKey KEY = Fixtures.deviceKey(42);

    record Cut(boolean erase, long bytes, int eraseIndex, FaultyNorFlash.EraseCut where) {}

    @Test
    void everyCutPointOfSeededWorkloads() {
        int tried = 0;
        long seed = 1;
        for (; tried < 3000; seed++) {
            tried += runSeed(seed, 70, false, 2);
        }
        System.out.println(
                "power-loss: tried " + tried + " cut points over seeds 1.." + (seed - 1));
        assertThat(tried).isGreaterThanOrEqualTo(3000);
    }

    @Test
    @Tag("slow")
    void longerWorkloadsMoreSeedsAndAWriteCache() {
        int tried = 0;
        for (long seed = 100; seed < 110; seed++) {
            tried += runSeed(seed, 120, seed % 2 == 0, 2);
        }
        System.out.println(
                "power-loss (slow): tried " + tried + " cut points, half with a write cache");
        assertThat(tried).isGreaterThan(4_000);
    }

    /**
     * Runs all cut points of one seeded workload; every {@code continueEvery}-th continues after
     * recovery.
     */
    static int runSeed(long seed, int steps, boolean writeCache, int continueEvery) {
        InMemoryNorFlash base = new InMemoryNorFlash(TINY);
        FlashKeyStore.format(base, KEY, CONFIG).close();
        byte[] image = base.snapshot();
        long[] erases = base.eraseCounts();
        Workload w = new Workload(3000);

        // Recording run.
        FaultyNorFlash rec =
                new FaultyNorFlash(InMemoryNorFlash.of(TINY, image, erases), seed)
                        .recordOperations();
        Workload.Model m0 = new Workload.Model();
        FlashKeyStore s0 = FlashKeyStore.mount(rec, KEY, CONFIG);
        assertThat(w.run(s0, m0, new SplittableRandom(seed), steps)).isTrue();
        Workload.verifyAndSettle(s0, m0);

        SplittableRandom tear = new SplittableRandom(seed * 31);
        List<Cut> cuts = new ArrayList<>();
        int eraseIndex = 0;
        for (FaultyNorFlash.Op op : rec.log()) {
            if (op.erase()) {
                for (FaultyNorFlash.EraseCut where : FaultyNorFlash.EraseCut.values()) {
                    cuts.add(new Cut(true, 0, eraseIndex, where));
                }
                eraseIndex++;
            } else {
                cuts.add(new Cut(false, op.bytesBefore(), 0, null));
                if (op.length() > 1) {
                    cuts.add(
                            new Cut(
                                    false,
                                    op.bytesBefore() + 1 + tear.nextInt(op.length() - 1),
                                    0,
                                    null));
                }
            }
        }
        int n = 0;
        for (Cut cut : cuts) {
            try {
                tryCut(seed, steps, writeCache, image, erases, w, cut, n % continueEvery == 0);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "seed " + seed + ", cut " + cut + " (#" + n + "): " + e.getMessage(), e);
            }
            n++;
        }
        return n;
    }

    private static void tryCut(
            long seed,
            int steps,
            boolean writeCache,
            byte[] image,
            long[] erases,
            Workload w,
            Cut cut,
            boolean goOn) {
        FaultyNorFlash f =
                new FaultyNorFlash(InMemoryNorFlash.of(TINY, image, erases), seed ^ cut.hashCode());
        if (writeCache) {
            f.enableWriteCache();
        }
        if (cut.erase()) {
            f.cutAtErase(cut.eraseIndex(), cut.where());
        } else {
            f.cutAfterProgrammedBytes(cut.bytes());
        }
        Workload.Model model = new Workload.Model();
        boolean finished;
        try {
            FlashKeyStore s = FlashKeyStore.mount(f, KEY, CONFIG);
            finished = w.run(s, model, new SplittableRandom(seed), steps);
        } catch (io.qkdmodem.keystore.KeyStoreException e) {
            assertThat(e.reason())
                    .isEqualTo(io.qkdmodem.keystore.KeyStoreException.Reason.POWER_LOST);
            finished = false; // cut during the first mount
            model.pending = new Workload.Pending(Workload.Kind.OTHER, 0, 0, null, 0);
        }
        assertThat(finished).as("the cut point was reached").isFalse();
        assertThat(f.powerLost()).isTrue();

        InMemoryNorFlash after = f.survivingImage();
        FlashKeyStore s = FlashKeyStore.mount(after, KEY, CONFIG);
        Workload.verifyAndSettle(s, model);
        if (goOn) {
            // Keep using the recovered store; new references must be fresh, no bit reserved twice.
            assertThat(w.run(s, model, new SplittableRandom(seed * 7 + cut.bytes()), 15)).isTrue();
            s.close();
            FlashKeyStore again = FlashKeyStore.mount(after, KEY, CONFIG);
            Workload.verifyAndSettle(again, model);
        }
    }
}
