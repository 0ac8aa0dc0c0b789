package io.qkdmodem.hal.optics;

import java.util.Objects;

/**
 * One frame of Alice's transmission: an id both modems use to name it, a slot count, and the source
 * of her per-slot choices. The frame does not own the source's lifetime: the firmware keeps the
 * source until sifting of this frame is done, then destroys it.
 */
public record Frame(long id, int slotCount, SlotStateSource states) {
    public Frame {
        Objects.requireNonNull(states, "states");
        if (slotCount <= 0) {
            throw new IllegalArgumentException("slotCount must be positive, was " + slotCount);
        }
        if (states.slotCount() < slotCount) {
            throw new IllegalArgumentException(
                    "state source covers "
                            + states.slotCount()
                            + " slots, fewer than the frame's "
                            + slotCount);
        }
        if (id < 0) {
            throw new IllegalArgumentException("frame id must be non-negative, was " + id);
        }
    }

    @Override
    public String toString() {
        return "Frame[id=" + id + ", slots=" + slotCount + "]";
    }
}
