package io.qkdmodem.hal.optics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Slot states recorded as a pattern: one byte per slot holding the packed state of {@link
 * SlotState}. Used where raw hardware entropy is recorded per frame (slow GPIO bench frames) and as
 * the "explicit pattern" form of the SPI front-end protocol. Memory is one byte per slot, so it
 * suits frames up to a few million slots.
 */
public final class PatternSlotStateSource implements SlotStateSource {
    private final byte[] pattern;
    private final IntensityProfile profile;
    private boolean destroyed;

    private PatternSlotStateSource(byte[] pattern, IntensityProfile profile) {
        this.pattern = pattern;
        this.profile = profile;
    }

    /**
     * Builds the pattern from raw entropy: 4 bytes per slot, read with the same rule as {@link
     * CtrSlotStateSource} (byte 0: bit and basis; bytes 1-3: 24-bit uniform for the class).
     *
     * @param entropy exactly {@code 4 * slotCount} bytes; zeroized by this method
     */
    public static PatternSlotStateSource fromEntropy(byte[] entropy, IntensityProfile profile) {
        Objects.requireNonNull(profile, "profile");
        if (entropy.length == 0 || entropy.length % 4 != 0) {
            throw new IllegalArgumentException("entropy must be 4 bytes per slot");
        }
        byte[] p = new byte[entropy.length / 4];
        for (int s = 0; s < p.length; s++) {
            int o = 4 * s;
            int u =
                    (entropy[o + 1] & 0xff) << 16
                            | (entropy[o + 2] & 0xff) << 8
                            | entropy[o + 3] & 0xff;
            p[s] = (byte) (entropy[o] & 3 | profile.classOf(u).code() << 2);
        }
        Arrays.fill(entropy, (byte) 0);
        return new PatternSlotStateSource(p, profile);
    }

    /** Wraps packed states (one byte per slot, {@link SlotState} layout); the array is copied. */
    public static PatternSlotStateSource ofPacked(byte[] packed, IntensityProfile profile) {
        Objects.requireNonNull(profile, "profile");
        if (packed.length == 0) {
            throw new IllegalArgumentException("pattern must have at least one slot");
        }
        for (byte b : packed) {
            if ((b & 0xff) >>> 2 > 2) {
                throw new IllegalArgumentException("packed state has an invalid intensity class");
            }
        }
        return new PatternSlotStateSource(packed.clone(), profile);
    }

    @Override
    public int slotCount() {
        return pattern.length;
    }

    @Override
    public IntensityProfile profile() {
        return profile;
    }

    @Override
    public int state(int slot) {
        if (destroyed) {
            throw new IllegalStateException("slot state source was destroyed");
        }
        return pattern[slot] & 0x0f;
    }

    /** A copy of the packed pattern (key material: the caller zeroizes it). */
    public byte[] exportPattern() {
        if (destroyed) {
            throw new IllegalStateException("slot state source was destroyed");
        }
        return pattern.clone();
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(pattern, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "PatternSlotStateSource[slots=" + pattern.length + "]";
    }
}
