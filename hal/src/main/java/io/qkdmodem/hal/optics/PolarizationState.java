package io.qkdmodem.hal.optics;

/**
 * The four BB84 states, named as in the paper's Table 1: {@code a_ij} with i the basis (0 = ⊕, 1 =
 * ⊗) and j the bit. The code is {@code basis << 1 | bit}, which is also the modulator's two-line
 * drive pattern in the GPIO and SPI backends.
 */
public enum PolarizationState {
    /** |0>, bit 0 in ⊕ (horizontal). */
    A00(Basis.RECTILINEAR, 0),
    /** |1>, bit 1 in ⊕ (vertical). */
    A01(Basis.RECTILINEAR, 1),
    /** |+>, bit 0 in ⊗ (diagonal). */
    A10(Basis.DIAGONAL, 0),
    /** |->, bit 1 in ⊗ (anti-diagonal). */
    A11(Basis.DIAGONAL, 1);

    private static final PolarizationState[] BY_CODE = values();
    private final Basis basis;
    private final int bit;

    PolarizationState(Basis basis, int bit) {
        this.basis = basis;
        this.bit = bit;
    }

    public Basis basis() {
        return basis;
    }

    public int bit() {
        return bit;
    }

    /** {@code basis << 1 | bit}. */
    public int code() {
        return ordinal();
    }

    public static PolarizationState of(Basis basis, int bit) {
        if (bit != 0 && bit != 1) {
            throw new IllegalArgumentException("bit must be 0 or 1, was " + bit);
        }
        return BY_CODE[basis.code() << 1 | bit];
    }

    public static PolarizationState ofCode(int code) {
        if (code < 0 || code > 3) {
            throw new IllegalArgumentException("state code must be 0..3, was " + code);
        }
        return BY_CODE[code];
    }
}
