package io.qkdmodem.hal.optics;

import java.util.Arrays;

/**
 * Bob's clicks in one frame, in increasing slot order, at most one entry per slot. Each click
 * carries its slot, the basis, the bit, a double-click flag and the set of detector channels that
 * fired. Channels are numbered by the outcome they stand for, {@code basis << 1 | bit} (the {@link
 * PolarizationState} code): channel 0 = ⊕ bit 0, 1 = ⊕ bit 1, 2 = ⊗ bit 0, 3 = ⊗ bit 1. With an
 * active basis choice and two detectors, only the two channels of the slot's basis can fire.
 *
 * <p>Double clicks (more than one channel fired) are already resolved by the receiver as the
 * squashing model requires: the bit (and, if channels of both bases fired, the basis) is a fresh
 * random value, and {@link #isDoubleClick(int)} is set so sifting and parameter estimation can
 * count them.
 *
 * <p>Storage is two arrays (no object per click). Immutable.
 */
public final class ClickReport {
    private static final int BIT = 1;
    private static final int BASIS = 2;
    private static final int DOUBLE = 4;
    private static final int MASK_SHIFT = 4;

    private final long frameId;
    private final int slotCount;
    private final int[] slots;
    private final byte[] info;

    private ClickReport(long frameId, int slotCount, int[] slots, byte[] info) {
        this.frameId = frameId;
        this.slotCount = slotCount;
        this.slots = slots;
        this.info = info;
    }

    public static Builder builder(long frameId, int slotCount) {
        return new Builder(frameId, slotCount);
    }

    public long frameId() {
        return frameId;
    }

    public int slotCount() {
        return slotCount;
    }

    /** Number of clicked slots. */
    public int size() {
        return slots.length;
    }

    /** Slot of the i-th click. */
    public int slot(int i) {
        return slots[i];
    }

    public int bit(int i) {
        return info[i] & BIT;
    }

    public Basis basis(int i) {
        return Basis.ofCode(basisCode(i));
    }

    public int basisCode(int i) {
        return (info[i] & BASIS) >>> 1;
    }

    public boolean isDoubleClick(int i) {
        return (info[i] & DOUBLE) != 0;
    }

    /** Bit mask of the channels that fired (bit c = channel c, see the class comment). */
    public int detectorMask(int i) {
        return (info[i] & 0xff) >>> MASK_SHIFT;
    }

    /** A copy of the clicked slots. */
    public int[] slots() {
        return slots.clone();
    }

    /** Number of double clicks. */
    public int doubleClicks() {
        int n = 0;
        for (byte b : info) {
            n += (b & DOUBLE) != 0 ? 1 : 0;
        }
        return n;
    }

    /** Index of the click at {@code slot}, or a negative value if that slot did not click. */
    public int indexOf(int slot) {
        return Arrays.binarySearch(slots, slot);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickReport r
                && r.frameId == frameId
                && r.slotCount == slotCount
                && Arrays.equals(r.slots, slots)
                && Arrays.equals(r.info, info);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(frameId) * 31 + Arrays.hashCode(slots) * 17 + Arrays.hashCode(info);
    }

    /** Counts only: the bits are Bob's raw key and stay out of logs. */
    @Override
    public String toString() {
        return "ClickReport[frame=" + frameId + ", slots=" + slotCount + ", clicks=" + size() + "]";
    }

    /** Collects clicks in increasing slot order. */
    public static final class Builder {
        private final long frameId;
        private final int slotCount;
        private int[] slots = new int[64];
        private byte[] info = new byte[64];
        private int n;

        private Builder(long frameId, int slotCount) {
            if (slotCount <= 0) {
                throw new IllegalArgumentException("slotCount must be positive");
            }
            this.frameId = frameId;
            this.slotCount = slotCount;
        }

        /**
         * Adds a click.
         *
         * @param detectorMask channels that fired, non-zero, 4 bits
         * @throws IllegalArgumentException if the slot is out of range or not after the last one,
         *     or the fields are inconsistent (a single click whose channel disagrees with basis and
         *     bit)
         */
        public Builder add(int slot, int basisCode, int bit, int detectorMask) {
            if (slot < 0 || slot >= slotCount) {
                throw new IllegalArgumentException("slot " + slot + " outside the frame");
            }
            if (n > 0 && slot <= slots[n - 1]) {
                throw new IllegalArgumentException("clicks must be added in increasing slot order");
            }
            if ((basisCode | bit) >>> 1 != 0 || detectorMask <= 0 || detectorMask > 15) {
                throw new IllegalArgumentException("bad basis, bit or detector mask");
            }
            boolean dbl = Integer.bitCount(detectorMask) > 1;
            if (!dbl && detectorMask != 1 << (basisCode << 1 | bit)) {
                throw new IllegalArgumentException(
                        "a single click's channel must match basis and bit");
            }
            if (n == slots.length) {
                slots = Arrays.copyOf(slots, n * 2);
                info = Arrays.copyOf(info, n * 2);
            }
            slots[n] = slot;
            info[n] =
                    (byte) (bit | basisCode << 1 | (dbl ? DOUBLE : 0) | detectorMask << MASK_SHIFT);
            n++;
            return this;
        }

        public int size() {
            return n;
        }

        public ClickReport build() {
            return new ClickReport(
                    frameId, slotCount, Arrays.copyOf(slots, n), Arrays.copyOf(info, n));
        }
    }
}
