package io.qkdmodem.hal.contract;

import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.SlotStateSource;

/**
 * Test fixture: sifts Bob's clicks against Alice's slot states, exactly as the firmware will, and
 * counts per intensity class the clicks, the sifted clicks (same basis) and their errors.
 */
public final class SiftTally {
    public final long[] clicks = new long[3];
    public final long[] sifted = new long[3];
    public final long[] errors = new long[3];
    public long doubleClicks;

    public void add(SlotStateSource alice, ClickReport bob) {
        for (int i = 0; i < bob.size(); i++) {
            int st = alice.state(bob.slot(i));
            int k = st >>> 2;
            clicks[k]++;
            if (bob.isDoubleClick(i)) {
                doubleClicks++;
            }
            if ((st >>> 1 & 1) == bob.basisCode(i)) {
                sifted[k]++;
                if ((st & 1) != bob.bit(i)) {
                    errors[k]++;
                }
            }
        }
    }

    /** Error rate of the sifted bits of class k. */
    public double qber(int k) {
        return sifted[k] == 0 ? Double.NaN : errors[k] / (double) sifted[k];
    }

    public long totalClicks() {
        return clicks[0] + clicks[1] + clicks[2];
    }

    public double totalQber() {
        long s = sifted[0] + sifted[1] + sifted[2];
        return (errors[0] + errors[1] + errors[2]) / (double) s;
    }
}
