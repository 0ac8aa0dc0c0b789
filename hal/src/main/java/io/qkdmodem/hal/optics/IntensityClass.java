package io.qkdmodem.hal.optics;

/** Alice's intensity classes for the decoy-state method (Ma, Qi, Zhao, Lo 2005). */
public enum IntensityClass {
    /** The signal intensity mu; the key comes from these slots. Code 0. */
    SIGNAL,
    /** The weaker decoy intensity nu. Code 1. */
    DECOY,
    /** No light at all (laser not fired); measures the background yield Y0. Code 2. */
    VACUUM;

    private static final IntensityClass[] BY_CODE = values();

    public int code() {
        return ordinal();
    }

    public static IntensityClass ofCode(int code) {
        if (code < 0 || code > 2) {
            throw new IllegalArgumentException("intensity class code must be 0..2, was " + code);
        }
        return BY_CODE[code];
    }
}
