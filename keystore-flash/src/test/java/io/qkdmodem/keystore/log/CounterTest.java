package io.qkdmodem.keystore.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.keystore.DeviceKey;
import io.qkdmodem.keystore.Fixtures;
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.RequestId;
import io.qkdmodem.keystore.Reservation;
import io.qkdmodem.keystore.flash.InMemoryNorFlash;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store's durable monotonic counters (the firmware keeps its auth pool file's version in one):
 * they survive remount and garbage collection of every block they were written to, and never go
 * down.
 */
class CounterTest {
    private static final KeyStoreConfig CONFIG = KeyStoreConfig.defaults().withSegmentBits(256);
    private final DeviceKey key = Fixtures.deviceKey(3);

    @Test
    void countersSurviveRemountAndNeverGoDown() {
        InMemoryNorFlash flash = new InMemoryNorFlash(Fixtures.SMALL);
        FlashKeyStore s = FlashKeyStore.format(flash, key, CONFIG);
        assertThat(s.counter(1)).isZero();
        s.advanceCounter(1, 5);
        s.advanceCounter(2, 70);
        s.advanceCounter(1, 3); // lower: ignored
        assertThat(s.counter(1)).isEqualTo(5);
        s.close();
        FlashKeyStore t = FlashKeyStore.mount(flash, key, CONFIG);
        assertThat(t.counter(1)).isEqualTo(5);
        assertThat(t.counter(2)).isEqualTo(70);
        t.advanceCounter(1, 6);
        t.close();
        assertThat(FlashKeyStore.mount(flash, key, CONFIG).counter(1)).isEqualTo(6);
    }

    @Test
    void countersSurviveGarbageCollectionOfTheirBlocks() {
        InMemoryNorFlash flash = new InMemoryNorFlash(Fixtures.SMALL);
        FlashKeyStore s = FlashKeyStore.format(flash, key, CONFIG.withWearLevelDelta(8));
        long id = 0;
        List<Reservation> live = new ArrayList<>();
        s.advanceCounter(8, 42); // written once, then never again: only the collector keeps it
        // Far more than the device holds: every block is collected many times over.
        for (int round = 0; round < 300; round++) {
            s.append(Fixtures.block(++id, 8000));
            live.add(s.reserve(RequestId.of("r" + round), 8000));
            if (live.size() > 3) {
                s.consume(live.remove(0).reference());
            }
            if (round % 50 == 0) {
                s.advanceCounter(7, round + 1);
            }
        }
        s.collectGarbage();
        assertThat(s.stats().totalErases()).isGreaterThan(3L * Fixtures.SMALL.blockCount());
        assertThat(s.counter(7)).isEqualTo(251);
        assertThat(s.counter(8)).isEqualTo(42);
        s.close();
        FlashKeyStore t = FlashKeyStore.mount(flash, key, CONFIG);
        assertThat(t.counter(7)).isEqualTo(251);
        assertThat(t.counter(8)).isEqualTo(42);
        assertThat(t.counter(9)).isZero();
    }
}
