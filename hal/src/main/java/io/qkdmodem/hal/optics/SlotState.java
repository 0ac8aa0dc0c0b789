package io.qkdmodem.hal.optics;

/**
 * Packing of one slot's choices into an int, used on every hot path so that no object is made per
 * slot: bit 0 = the bit, bit 1 = the basis code, bits 2-3 = the intensity class code. Bits 0-1
 * together are the {@link PolarizationState} code.
 */
public final class SlotState {
    private SlotState() {}

    public static int pack(int bit, Basis basis, IntensityClass intensity) {
        if (bit != 0 && bit != 1) {
            throw new IllegalArgumentException("bit must be 0 or 1, was " + bit);
        }
        return bit | basis.code() << 1 | intensity.code() << 2;
    }

    public static int bit(int packed) {
        return packed & 1;
    }

    public static int basisCode(int packed) {
        return packed >>> 1 & 1;
    }

    public static Basis basis(int packed) {
        return Basis.ofCode(basisCode(packed));
    }

    /** The polarization state code {@code basis << 1 | bit}. */
    public static int polarizationCode(int packed) {
        return packed & 3;
    }

    public static int intensityCode(int packed) {
        return packed >>> 2 & 3;
    }

    public static IntensityClass intensity(int packed) {
        return IntensityClass.ofCode(intensityCode(packed));
    }
}
