package io.qkdmodem.hal.optics;

/** The two BB84 bases of the paper's Table 1. */
public enum Basis {
    /** The paper's "⊕": states |0> and |1> (horizontal / vertical). Code 0. */
    RECTILINEAR,
    /** The paper's "⊗": states |+> and |-> (diagonal / anti-diagonal). Code 1. */
    DIAGONAL;

    private static final Basis[] BY_CODE = values();

    /** 0 for rectilinear, 1 for diagonal. */
    public int code() {
        return ordinal();
    }

    public static Basis ofCode(int code) {
        if (code != 0 && code != 1) {
            throw new IllegalArgumentException("basis code must be 0 or 1, was " + code);
        }
        return BY_CODE[code];
    }
}
