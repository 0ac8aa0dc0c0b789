package io.qkdmodem.hal.sim;

import io.qkdmodem.hal.optics.BasisChoice;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.SlotStateSource;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Bob's side of the simulation: basis choice, misalignment, dark counts, double clicks, dead time
 * and after-pulsing, from the {@link Arrivals} of one frame to a {@link ClickReport}.
 *
 * <ul>
 *   <li>Each arriving photon is measured in Bob's basis (active: the slot's basis from Bob's own
 *       random source; passive: a fair beam splitter per photon). Same basis as its polarization:
 *       the right detector, or with probability e_d the other one of the pair. Other basis: either
 *       detector with probability 1/2.
 *   <li>Dark counts: each of the D detectors (2 active, 4 passive) fires on its own with {@code p_d
 *       = 1 - (1 - Y0)^(1/D)}, so the slot's background yield is exactly Y0. Dark slots are found
 *       by sampling the geometric gap with parameter Y0, so they cost per dark count too.
 *   <li>More than one channel fired: a double click, resolved to a random bit (and a random basis
 *       if channels of both bases fired), flagged in the report.
 *   <li>Dead time: a detector that fired ignores the next {@code deadTimeSlots} slots. After-pulse:
 *       with the configured probability, a fired detector fires again once, uniformly within the
 *       window that follows its dead time. Both reset at frame boundaries.
 * </ul>
 */
public final class DetectorModel {
    private final SimParameters params;
    private final boolean active;
    private final int detectors;
    private final double pDark;
    private final double y0;
    private final double invLogQDark;
    private final double ed;

    public DetectorModel(SimParameters params) {
        this.params = params;
        this.active = params.basisChoice() == BasisChoice.ACTIVE;
        this.detectors = params.detectors();
        this.y0 = params.y0();
        this.pDark = y0 > 0 ? -Math.expm1(Math.log1p(-y0) / detectors) : 0;
        this.invLogQDark = y0 > 0 ? 1.0 / Math.log1p(-y0) : 0;
        this.ed = params.misalignment();
    }

    /**
     * Detects one frame.
     *
     * @param bobBases Bob's per-slot basis source for an active basis choice (its basis bit is
     *     used), ignored (may be null) for a passive one
     */
    public ClickReport detect(Arrivals arrivals, SlotStateSource bobBases) {
        if (active && bobBases == null) {
            throw new IllegalArgumentException("an active basis choice needs Bob's basis source");
        }
        final long frameId = arrivals.frameId();
        final int slotCount = arrivals.slotCount();
        SplittableRandom rng = Seeds.forFrame(params.seed(), frameId, Seeds.BOB_DETECTOR);
        ClickReport.Builder out = ClickReport.builder(frameId, slotCount);
        final int dead = params.deadTimeSlots();
        final double ap = params.afterpulseProbability();
        final int apWindow = params.afterpulseWindowSlots();
        long[] deadUntil = new long[4];
        PriorityQueue<Long> afterpulses = ap > 0 ? new PriorityQueue<>() : null;
        final long never = Long.MAX_VALUE;
        long nextDark = y0 > 0 ? nextGap(-1, rng) : never;
        int ai = 0;
        int n = arrivals.size();
        while (true) {
            long nextArrival = ai < n ? arrivals.slot(ai) : never;
            long nextAp =
                    afterpulses != null && !afterpulses.isEmpty()
                            ? afterpulses.peek() >>> 2
                            : never;
            long slot = Math.min(nextArrival, Math.min(nextDark, nextAp));
            if (slot >= slotCount) {
                break;
            }
            int s = (int) slot;
            int bobBasis = active ? bobBases.state(s) >>> 1 & 1 : 0;
            int fired = 0; // physical detectors: active 0..1 (= outcome), passive 0..3 (= channel)
            if (nextArrival == slot) {
                int pol = arrivals.polarization(ai);
                int m = arrivals.photons(ai);
                ai++;
                int polBasis = pol >>> 1;
                int polBit = pol & 1;
                int all = active ? 3 : 15;
                for (int j = 0; j < m && fired != all; j++) {
                    int pb = active ? bobBasis : rng.nextInt(2);
                    int outcome;
                    if (pb == polBasis) {
                        outcome = ed > 0 && rng.nextDouble() < ed ? polBit ^ 1 : polBit;
                    } else {
                        outcome = rng.nextInt(2);
                    }
                    fired |= 1 << (active ? outcome : pb << 1 | outcome);
                }
            }
            if (nextDark == slot) {
                fired |= darkPattern(rng);
                nextDark = nextGap(slot, rng);
            }
            if (nextAp == slot) {
                while (!afterpulses.isEmpty() && afterpulses.peek() >>> 2 == slot) {
                    fired |= 1 << (int) (afterpulses.poll() & 3);
                }
            }
            if (dead > 0) {
                for (int d = 0; d < detectors; d++) {
                    if ((fired >>> d & 1) != 0 && slot < deadUntil[d]) {
                        fired &= ~(1 << d);
                    }
                }
            }
            if (fired == 0) {
                continue;
            }
            for (int d = 0; d < detectors; d++) {
                if ((fired >>> d & 1) != 0) {
                    deadUntil[d] = slot + 1 + dead;
                    if (ap > 0 && rng.nextDouble() < ap) {
                        long when = slot + 1 + dead + rng.nextInt(apWindow);
                        afterpulses.add(when << 2 | d);
                    }
                }
            }
            int channels = active ? fired << (bobBasis << 1) : fired;
            int basis;
            int bit;
            if (Integer.bitCount(channels) == 1) {
                int ch = Integer.numberOfTrailingZeros(channels);
                basis = ch >>> 1;
                bit = ch & 1;
            } else {
                boolean both = (channels & 3) != 0 && (channels & 12) != 0;
                basis = both ? rng.nextInt(2) : (channels & 3) != 0 ? 0 : 1;
                bit = rng.nextInt(2);
            }
            out.add(s, basis, bit, channels);
        }
        return out.build();
    }

    private long nextGap(long from, SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble();
        double g = Math.log(u) * invLogQDark;
        return g >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : from + 1 + (long) g;
    }

    /** Which detectors fired in a slot known to have at least one dark count. */
    private int darkPattern(SplittableRandom rng) {
        // P(first fired = i | at least one) = (1 - pd)^i pd / Y0; the later ones independently.
        double u = rng.nextDouble() * y0;
        int first = detectors - 1;
        double acc = 0;
        double none = 1;
        for (int i = 0; i < detectors; i++) {
            acc += none * pDark;
            if (u < acc) {
                first = i;
                break;
            }
            none *= 1 - pDark;
        }
        int mask = 1 << first;
        for (int j = first + 1; j < detectors; j++) {
            if (rng.nextDouble() < pDark) {
                mask |= 1 << j;
            }
        }
        return mask;
    }
}
