package io.qkdmodem.hal.optics;

/**
 * Alice's choices (bit, basis, intensity class) for every slot of one frame, answered on demand for
 * any slot in O(1) without the frame being stored or generated slot by slot. On hardware it is
 * backed by raw entropy recorded for the frame ({@link PatternSlotStateSource}) or by a
 * counter-mode DRBG whose key came from the hardware entropy source ({@link CtrSlotStateSource}),
 * which is also what the simulator uses. The same object serves the transmitter (which fires the
 * slots) and, later, sifting (which asks for the basis and intensity class of Bob's clicked slots).
 *
 * <p>The choices are key material: implementations keep them out of {@code toString()} and zeroize
 * their secret on {@link #destroy()}; any query after destroy throws {@link IllegalStateException}.
 */
public interface SlotStateSource {

    /** Slots this source answers for: indices 0 to {@code slotCount() - 1}. */
    int slotCount();

    /** The intensity profile that maps random bits to intensity classes. */
    IntensityProfile profile();

    /**
     * The packed state of one slot (see {@link SlotState}).
     *
     * @throws IndexOutOfBoundsException if slot is outside [0, slotCount)
     */
    int state(int slot);

    default int bit(int slot) {
        return SlotState.bit(state(slot));
    }

    default Basis basis(int slot) {
        return SlotState.basis(state(slot));
    }

    default IntensityClass intensity(int slot) {
        return SlotState.intensity(state(slot));
    }

    default PolarizationState polarization(int slot) {
        return PolarizationState.ofCode(SlotState.polarizationCode(state(slot)));
    }

    /**
     * Exact number of slots per intensity class (indexed by class code), for parameter estimation.
     * This one walks the whole frame (O(slotCount)); call it once per frame, off the hot path.
     */
    default long[] countByIntensity() {
        long[] counts = new long[IntensityClass.values().length];
        int n = slotCount();
        for (int s = 0; s < n; s++) {
            counts[SlotState.intensityCode(state(s))]++;
        }
        return counts;
    }

    /** Zeroizes the secret behind this source. Idempotent. */
    void destroy();

    boolean isDestroyed();
}
