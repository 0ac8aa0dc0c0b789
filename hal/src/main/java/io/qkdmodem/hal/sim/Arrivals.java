package io.qkdmodem.hal.sim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * What crosses the simulated fiber in one frame: the slots in which photons reach Bob's detectors,
 * each with the polarization state of those photons and how many of them will be detected. Nothing
 * of Alice's choices for other slots, and no intensity class or basis label, crosses. Slots are in
 * increasing order.
 *
 * <p>Bob's efficiency is applied as a loss at the fiber's output (it commutes with the linear loss
 * of the fiber for identical detectors), so only photons that will be detected are carried: this
 * keeps the simulated line's traffic proportional to clicks.
 *
 * <p>Wire form (big-endian): magic "QFB1", frame id (8), slot count (4), arrivals n (4), then n
 * times: slot (4), state (1: bits 0-1 polarization code, bits 2-7 photon count 1..63).
 */
public final class Arrivals {
    private static final int MAGIC = 0x51464231; // "QFB1"

    /** Largest photon count one arrival carries (more are capped; they click the same). */
    public static final int MAX_PHOTONS = 63;

    private final long frameId;
    private final int slotCount;
    private final int[] slots;
    private final byte[] states;

    Arrivals(long frameId, int slotCount, int[] slots, byte[] states) {
        this.frameId = frameId;
        this.slotCount = slotCount;
        this.slots = slots;
        this.states = states;
    }

    public long frameId() {
        return frameId;
    }

    public int slotCount() {
        return slotCount;
    }

    public int size() {
        return slots.length;
    }

    public int slot(int i) {
        return slots[i];
    }

    /** Polarization code ({@code basis << 1 | bit}) of the photons of arrival i. */
    public int polarization(int i) {
        return states[i] & 3;
    }

    /** Number of photons of arrival i that reach (and will be registered by) Bob's detectors. */
    public int photons(int i) {
        return (states[i] & 0xff) >>> 2;
    }

    public void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeLong(frameId);
        out.writeInt(slotCount);
        out.writeInt(slots.length);
        for (int i = 0; i < slots.length; i++) {
            out.writeInt(slots[i]);
            out.writeByte(states[i]);
        }
    }

    /** Reads one frame; rejects a malformed one. */
    public static Arrivals readFrom(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("fiber stream out of sync: bad magic");
        }
        long frameId = in.readLong();
        int slotCount = in.readInt();
        int n = in.readInt();
        if (slotCount <= 0 || n < 0 || n > slotCount) {
            throw new IOException("bad fiber frame header");
        }
        int[] slots = new int[n];
        byte[] states = new byte[n];
        int last = -1;
        for (int i = 0; i < n; i++) {
            slots[i] = in.readInt();
            states[i] = in.readByte();
            if (slots[i] <= last || slots[i] >= slotCount || (states[i] & 0xff) >>> 2 == 0) {
                throw new IOException("bad fiber arrival at index " + i);
            }
            last = slots[i];
        }
        return new Arrivals(frameId, slotCount, slots, states);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Arrivals a
                && a.frameId == frameId
                && a.slotCount == slotCount
                && Arrays.equals(a.slots, slots)
                && Arrays.equals(a.states, states);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(slots) * 31 + Long.hashCode(frameId);
    }

    @Override
    public String toString() {
        return "Arrivals[frame=" + frameId + ", slots=" + slotCount + ", n=" + size() + "]";
    }

    /** Growable collector, in slot order. */
    static final class Builder {
        private final long frameId;
        private final int slotCount;
        private int[] slots;
        private byte[] states;
        private int n;

        Builder(long frameId, int slotCount, int expected) {
            this.frameId = frameId;
            this.slotCount = slotCount;
            int cap = Math.max(16, expected);
            slots = new int[cap];
            states = new byte[cap];
        }

        void add(int slot, int polarization, int photons) {
            if (n == slots.length) {
                slots = Arrays.copyOf(slots, n * 2);
                states = Arrays.copyOf(states, n * 2);
            }
            slots[n] = slot;
            states[n] = (byte) (polarization | Math.min(photons, MAX_PHOTONS) << 2);
            n++;
        }

        Arrivals build() {
            return new Arrivals(
                    frameId, slotCount, Arrays.copyOf(slots, n), Arrays.copyOf(states, n));
        }
    }
}
