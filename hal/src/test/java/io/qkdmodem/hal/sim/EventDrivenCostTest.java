package io.qkdmodem.hal.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.IntensityProfile;
import io.qkdmodem.hal.optics.SlotStateSource;
import org.junit.jupiter.api.Test;

/**
 * The simulator's work follows the detections, not the slots: counted without a clock, as the
 * number of slot-state lookups the channel model makes.
 */
class EventDrivenCostTest {
    @Test
    void slotLookupsScaleWithDetectionsNotSlots() {
        int slots = 1 << 28;
        SimParameters p = SimParameters.builder().lengthKm(100).seed(17).build();
        ChannelModel channel = new ChannelModel(p);
        Counting states = new Counting(new CtrSlotStateSource(new byte[16], 0, slots, p.profile()));
        Arrivals a = channel.propagate(0, slots, states);
        double pMax = -Math.expm1(-p.eta() * p.profile().muSignal());
        // expected candidates: slots * pMax (about 4.8e4 here, against 2.7e8 slots)
        assertThat((double) states.lookups).isBetween(0.9 * slots * pMax, 1.1 * slots * pMax);
        assertThat(states.lookups).isLessThan(slots / 1000);
        assertThat(a.size()).isPositive().isLessThanOrEqualTo((int) states.lookups);
    }

    @Test
    void aLinkSoLongThatNothingArrivesIsEmptyNotAnOverflow() {
        SimParameters p = SimParameters.builder().lengthKm(1000).y0(0).seed(1).build();
        CtrSlotStateSource s =
                new CtrSlotStateSource(new byte[16], 0, Integer.MAX_VALUE, p.profile());
        for (long id = 0; id < 50; id++) {
            assertThat(new ChannelModel(p).propagate(id, Integer.MAX_VALUE, s).size()).isZero();
        }
    }

    private static final class Counting implements SlotStateSource {
        private final SlotStateSource inner;
        long lookups;

        Counting(SlotStateSource inner) {
            this.inner = inner;
        }

        @Override
        public int slotCount() {
            return inner.slotCount();
        }

        @Override
        public IntensityProfile profile() {
            return inner.profile();
        }

        @Override
        public int state(int slot) {
            lookups++;
            return inner.state(slot);
        }

        @Override
        public void destroy() {
            inner.destroy();
        }

        @Override
        public boolean isDestroyed() {
            return inner.isDestroyed();
        }
    }
}
