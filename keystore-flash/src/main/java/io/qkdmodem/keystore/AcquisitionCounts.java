package io.qkdmodem.keystore;

import java.util.Arrays;

/**
 * What parameter estimation needs from the acquisition of one key block: per intensity class and
 * basis, the pulses sent, the detections (clicks) and the sifted bits (clicks in matching bases),
 * and the bit errors counted among that cell's sifted bits in sifting (the disclosed bits that were
 * compared: the monitor sample for the signal class, every sifted bit of the decoy and vacuum
 * classes). Immutable; all counts are non-negative and {@code errors <= sifted}.
 *
 * <p>Blocks stored before error counts were recorded (key records of meta version 1) read back with
 * {@link #errorsRecorded()} false and all errors zero.
 */
public final class AcquisitionCounts {
    private static final int CLASSES = IntensityClass.values().length;
    private static final int BASES = Basis.values().length;

    /** Cells in the fixed on-flash order: class-major (SIGNAL.Z, SIGNAL.X, DECOY.Z, ...). */
    public static final int CELLS = CLASSES * BASES;

    private final long[] pulses;
    private final long[] detections;
    private final long[] sifted;
    private final long[] errors;
    private final boolean errorsRecorded;

    private AcquisitionCounts(
            long[] pulses,
            long[] detections,
            long[] sifted,
            long[] errors,
            boolean errorsRecorded) {
        this.pulses = pulses;
        this.detections = detections;
        this.sifted = sifted;
        this.errors = errors;
        this.errorsRecorded = errorsRecorded;
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

    /** Bit errors counted in sifting among the sifted bits of one cell (zero if not recorded). */
    public long errors(IntensityClass c, Basis b) {
        return errors[cell(c, b)];
    }

    /**
     * Whether the error counts were recorded: false only for blocks read back from key records
     * written before the store kept them (meta version 1).
     */
    public boolean errorsRecorded() {
        return errorsRecorded;
    }

    /**
     * Counts of one kind in on-flash cell order (0 = pulses, 1 = detections, 2 = sifted, 3 =
     * errors).
     */
    public long[] cells(int kind) {
        return switch (kind) {
            case 0 -> pulses.clone();
            case 1 -> detections.clone();
            case 2 -> sifted.clone();
            case 3 -> errors.clone();
            default -> throw new IllegalArgumentException("kind " + kind);
        };
    }

    /**
     * Rebuilds counts of a block stored without error counts (meta version 1): {@link
     * #errorsRecorded()} is false.
     */
    public static AcquisitionCounts ofCells(long[] pulses, long[] detections, long[] sifted) {
        Builder b = fill(pulses, detections, sifted);
        b.errorsRecorded = false;
        return b.build();
    }

    /** Rebuilds counts from {@link #cells(int)} arrays, error counts included. */
    public static AcquisitionCounts ofCells(
            long[] pulses, long[] detections, long[] sifted, long[] errors) {
        Builder b = fill(pulses, detections, sifted);
        for (int i = 0; i < CELLS; i++) {
            b.errors(IntensityClass.values()[i / BASES], Basis.values()[i % BASES], errors[i]);
        }
        return b.build();
    }

    private static Builder fill(long[] pulses, long[] detections, long[] sifted) {
        Builder b = builder();
        for (int i = 0; i < CELLS; i++) {
            IntensityClass c = IntensityClass.values()[i / BASES];
            Basis basis = Basis.values()[i % BASES];
            b.set(c, basis, pulses[i], detections[i], sifted[i]);
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AcquisitionCounts a
                && Arrays.equals(pulses, a.pulses)
                && Arrays.equals(detections, a.detections)
                && Arrays.equals(sifted, a.sifted)
                && Arrays.equals(errors, a.errors)
                && errorsRecorded == a.errorsRecorded;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pulses) * 31
                + Arrays.hashCode(detections) * 7
                + Arrays.hashCode(sifted) * 3
                + Arrays.hashCode(errors);
    }

    @Override
    public String toString() {
        return "AcquisitionCounts[pulses="
                + Arrays.toString(pulses)
                + ", detections="
                + Arrays.toString(detections)
                + ", sifted="
                + Arrays.toString(sifted)
                + (errorsRecorded ? ", errors=" + Arrays.toString(errors) : ", errors not recorded")
                + "]";
    }

    /** Builder; unset cells are zero. */
    public static final class Builder {
        private final long[] pulses = new long[CELLS];
        private final long[] detections = new long[CELLS];
        private final long[] sifted = new long[CELLS];
        private final long[] errors = new long[CELLS];
        private boolean errorsRecorded = true;

        private Builder() {}

        /**
         * Sets the bit errors counted among one cell's sifted bits (checked against sifted at
         * {@link #build()}).
         *
         * @throws KeyStoreException INVALID_ARGUMENT if negative
         */
        public Builder errors(IntensityClass c, Basis b, long errors) {
            if (errors < 0) {
                throw new KeyStoreException(
                        KeyStoreException.Reason.INVALID_ARGUMENT,
                        "errors must be >= 0 for " + c + "/" + b);
            }
            this.errors[cell(c, b)] = errors;
            return this;
        }

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

        /**
         * The counts.
         *
         * @throws KeyStoreException INVALID_ARGUMENT if a cell's errors exceed its sifted bits
         */
        public AcquisitionCounts build() {
            for (int i = 0; i < CELLS; i++) {
                if (errors[i] > sifted[i]) {
                    throw new KeyStoreException(
                            KeyStoreException.Reason.INVALID_ARGUMENT,
                            "errors must not exceed sifted bits in cell " + i);
                }
            }
            return new AcquisitionCounts(
                    pulses.clone(),
                    detections.clone(),
                    sifted.clone(),
                    errors.clone(),
                    errorsRecorded);
        }
    }
}
