package io.qkdmodem.keystore;

import java.util.Arrays;

/**
 * What parameter estimation needs from the acquisition of one key block: per intensity class and
 * basis, the pulses sent, the detections (clicks) and the sifted bits (clicks in matching bases).
 * Immutable; all counts are non-negative.
 */
public final class AcquisitionCounts {
    private static final int CLASSES = IntensityClass.values().length;
    private static final int BASES = Basis.values().length;

    /** Cells in the fixed on-flash order: class-major (SIGNAL.Z, SIGNAL.X, DECOY.Z, ...). */
    public static final int CELLS = CLASSES * BASES;

    private final long[] pulses;
    private final long[] detections;
    private final long[] sifted;

    private AcquisitionCounts(long[] pulses, long[] detections, long[] sifted) {
        this.pulses = pulses;
        this.detections = detections;
        this.sifted = sifted;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All counts zero. */
    public static AcquisitionCounts none() {
        return builder().build();
    }

    static int cell(IntensityClass c, Basis b) {
        return c.ordinal() * BASES + b.ordinal();
    }

    public long pulses(IntensityClass c, Basis b) {
        return pulses[cell(c, b)];
    }

    public long detections(IntensityClass c, Basis b) {
        return detections[cell(c, b)];
    }

    public long sifted(IntensityClass c, Basis b) {
        return sifted[cell(c, b)];
    }

    /** Counts of one kind in on-flash cell order (0 = pulses, 1 = detections, 2 = sifted). */
    public long[] cells(int kind) {
        return switch (kind) {
            case 0 -> pulses.clone();
            case 1 -> detections.clone();
            case 2 -> sifted.clone();
            default -> throw new IllegalArgumentException("kind " + kind);
        };
    }

    /** Rebuilds counts from {@link #cells(int)} arrays. */
    public static AcquisitionCounts ofCells(long[] pulses, long[] detections, long[] sifted) {
        Builder b = builder();
        for (int i = 0; i < CELLS; i++) {
            IntensityClass c = IntensityClass.values()[i / BASES];
            Basis basis = Basis.values()[i % BASES];
            b.set(c, basis, pulses[i], detections[i], sifted[i]);
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AcquisitionCounts a
                && Arrays.equals(pulses, a.pulses)
                && Arrays.equals(detections, a.detections)
                && Arrays.equals(sifted, a.sifted);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pulses) * 31
                + Arrays.hashCode(detections) * 7
                + Arrays.hashCode(sifted);
    }

    @Override
    public String toString() {
        return "AcquisitionCounts[pulses="
                + Arrays.toString(pulses)
                + ", detections="
                + Arrays.toString(detections)
                + ", sifted="
                + Arrays.toString(sifted)
                + "]";
    }

    /** Builder; unset cells are zero. */
    public static final class Builder {
        private final long[] pulses = new long[CELLS];
        private final long[] detections = new long[CELLS];
        private final long[] sifted = new long[CELLS];

        private Builder() {}

        /**
         * Sets one cell.
         *
         * @throws KeyStoreException INVALID_ARGUMENT if a count is negative or detections exceed
         *     pulses or sifted exceeds detections
         */
        public Builder set(IntensityClass c, Basis b, long pulses, long detections, long sifted) {
            if (pulses < 0
                    || detections < 0
                    || sifted < 0
                    || detections > pulses
                    || sifted > detections) {
                throw new KeyStoreException(
                        KeyStoreException.Reason.INVALID_ARGUMENT,
                        "counts must satisfy 0 <= sifted <= detections <= pulses for "
                                + c
                                + "/"
                                + b);
            }
            int i = cell(c, b);
            this.pulses[i] = pulses;
            this.detections[i] = detections;
            this.sifted[i] = sifted;
            return this;
        }

        public AcquisitionCounts build() {
            return new AcquisitionCounts(pulses.clone(), detections.clone(), sifted.clone());
        }
    }
}
