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
        long value = 0;
        List<Reservation> live = new ArrayList<>();
        // Far more than the device holds, with a counter step after every block: every block
        // the counter was ever written to is collected many times over.
        for (int round = 0; round < 300; round++) {
            s.append(Fixtures.block(++id, 8000));
            live.add(s.reserve(RequestId.of("r" + round), 8000));
            if (live.size() > 3) {
                s.consume(live.remove(0).reference());
            }
            s.advanceCounter(7, ++value);
        }
        s.collectGarbage();
        assertThat(s.stats().totalErases()).isGreaterThan(3L * Fixtures.SMALL.blockCount());
        assertThat(s.counter(7)).isEqualTo(value);
        s.close();
        FlashKeyStore t = FlashKeyStore.mount(flash, key, CONFIG);
        assertThat(t.counter(7)).isEqualTo(value);
        assertThat(t.counter(8)).isZero();
    }
}
