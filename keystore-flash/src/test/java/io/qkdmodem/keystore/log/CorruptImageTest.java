package io.qkdmodem.keystore.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.keystore.DeviceKey;
import io.qkdmodem.keystore.Fixtures;
import io.qkdmodem.keystore.KeyMaterial;
import io.qkdmodem.keystore.KeyStoreException;
import io.qkdmodem.keystore.KeyStoreException.Reason;
import io.qkdmodem.keystore.RequestId;
import io.qkdmodem.keystore.Reservation;
import io.qkdmodem.keystore.flash.FaultyNorFlash;
import io.qkdmodem.keystore.flash.InMemoryNorFlash;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Randomly corrupted images never crash mount and never yield a corrupt key: every read returns
 * exactly the bits that were appended at that place, or a typed error.
 */
class CorruptImageTest {
    private static final DeviceKey KEY = Fixtures.deviceKey(42);

    @Test
    void randomCorruptionNeverCrashesMountNorYieldsWrongBits() {
        long seed = 20261126;
        InMemoryNorFlash base = new InMemoryNorFlash(PowerLossTest.TINY);
        FlashKeyStore s = FlashKeyStore.format(base, KEY, PowerLossTest.CONFIG);
        Workload.Model model = new Workload.Model();
        assertThat(new Workload(3000).run(s, model, new SplittableRandom(seed), 60)).isTrue();
        s.close();
        byte[] image = base.snapshot();
        long[] erases = base.eraseCounts();
        SplittableRandom rnd = new SplittableRandom(seed);
        int mounted = 0;
        int refused = 0;
        int intactReads = 0;
        int corruptReads = 0;
        for (int trial = 0; trial < 400; trial++) {
            byte[] bad = image.clone();
            corrupt(bad, rnd);
            InMemoryNorFlash f = InMemoryNorFlash.of(PowerLossTest.TINY, bad, erases);
            FlashKeyStore t;
            try {
                t = FlashKeyStore.mount(f, KEY, PowerLossTest.CONFIG);
            } catch (KeyStoreException e) {
                assertThat(e.reason())
                        .as("trial %d", trial)
                        .isIn(Reason.NOT_FORMATTED, Reason.FLASH_FAILURE);
                refused++;
                continue;
            }
            mounted++;
            for (Reservation r : model.reserved.values()) {
                Optional<Reservation> seen = t.reservation(r.reference());
                if (seen.isEmpty() || seen.get().state() != Reservation.State.RESERVED) {
                    continue;
                }
                assertThat(seen.get()).isEqualTo(r);
                try (KeyMaterial m = t.read(r.reference())) {
                    assertThat(m.toByteArray())
                            .as("trial %d, %s", trial, r.reference())
                            .isEqualTo(expected(model, r));
                    intactReads++;
                } catch (KeyStoreException e) {
                    assertThat(e.reason()).isEqualTo(Reason.CORRUPT_DATA);
                    corruptReads++;
                }
            }
            // Fresh reservations on the corrupted store also give only genuine bits.
            for (int i = 0; i < 3; i++) {
                try {
                    Reservation r =
                            t.reserve(RequestId.of("c" + trial + "-" + i), 1 + rnd.nextInt(2000));
                    Integer blockBits = model.blocks.get(r.range().blockId());
                    assertThat(blockBits).isNotNull();
                    try (KeyMaterial m = t.read(r.reference())) {
                        assertThat(m.toByteArray())
                                .isEqualTo(
                                        Fixtures.expected(
                                                r.range().blockId(),
                                                blockBits,
                                                r.range().bitOffset(),
                                                r.range().bitLength()));
                    } catch (KeyStoreException e) {
                        assertThat(e.reason()).isEqualTo(Reason.CORRUPT_DATA);
                    }
                    t.consume(r.reference());
                } catch (KeyStoreException e) {
                    assertThat(e.reason()).isIn(Reason.INSUFFICIENT_KEY, Reason.STORE_FULL);
                }
            }
        }
        System.out.println(
                "corrupt images: "
                        + mounted
                        + " mounted, "
                        + refused
                        + " refused, "
                        + intactReads
                        + " intact reads, "
                        + corruptReads
                        + " reported corrupt");
        assertThat(mounted).isGreaterThan(300);
        assertThat(intactReads).isPositive();
    }

    private static byte[] expected(Workload.Model model, Reservation r) {
        return Fixtures.expected(
                r.range().blockId(),
                model.blocks.get(r.range().blockId()),
                r.range().bitOffset(),
                r.range().bitLength());
    }

    private static void corrupt(byte[] img, SplittableRandom rnd) {
        switch (rnd.nextInt(4)) {
            case 0 -> {
                for (int i = 1 + rnd.nextInt(20); i > 0; i--) {
                    img[rnd.nextInt(img.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> {
                for (int i = 1 + rnd.nextInt(8); i > 0; i--) {
                    img[rnd.nextInt(img.length)] = (byte) rnd.nextInt(256);
                }
            }
            case 2 -> {
                int at = rnd.nextInt(img.length - 256);
                for (int i = 0; i < 1 + rnd.nextInt(256); i++) {
                    img[at + i] = (byte) rnd.nextInt(256);
                }
            }
            default -> {
                int page = rnd.nextInt(img.length / 128);
                byte v = rnd.nextBoolean() ? 0 : (byte) 0xFF;
                java.util.Arrays.fill(img, page * 128, page * 128 + 128, v);
            }
        }
    }

    @Test
    void transientReadFlipsNeverYieldWrongBits() {
        InMemoryNorFlash base = new InMemoryNorFlash(PowerLossTest.TINY);
        FlashKeyStore s = FlashKeyStore.format(base, KEY, PowerLossTest.CONFIG);
        Workload.Model model = new Workload.Model();
        assertThat(new Workload(3000).run(s, model, new SplittableRandom(5), 50)).isTrue();
        s.close();
        int ok = 0;
        for (int seed = 0; seed < 40; seed++) {
            FaultyNorFlash f =
                    new FaultyNorFlash(
                                    InMemoryNorFlash.of(
                                            PowerLossTest.TINY,
                                            base.snapshot(),
                                            base.eraseCounts()),
                                    seed)
                            .flipBitsOnRead(0.05);
            FlashKeyStore t = FlashKeyStore.mount(f, KEY, PowerLossTest.CONFIG);
            for (Reservation r : model.reserved.values()) {
                assertThat(t.reservation(r.reference())).contains(r);
                try (KeyMaterial m = t.read(r.reference())) {
                    assertThat(m.toByteArray()).isEqualTo(expected(model, r));
                    ok++;
                } catch (KeyStoreException e) {
                    assertThat(e.reason()).isEqualTo(Reason.CORRUPT_DATA);
                }
            }
        }
        assertThat(ok).isPositive();
    }
}
