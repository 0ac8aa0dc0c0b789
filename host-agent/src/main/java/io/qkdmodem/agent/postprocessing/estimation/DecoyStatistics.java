package io.qkdmodem.agent.postprocessing.estimation;

import java.util.Arrays;

/**
 * Decoy-state counts of one key block, in the notation of Lim, Curty, Walenta, Xu, Zbinden, PRA 89,
 * 022307 (2014): three intensities {@code mu1 > mu2 + mu3}, {@code mu2 > mu3 >= 0} (signal, decoy,
 * vacuum or weak decoy) sent with probabilities {@code p_k}; the key comes from the X basis and the
 * phase error is estimated from the Z basis.
 *
 * @param intensities mean photon numbers {@code mu1, mu2, mu3}
 * @param probabilities probabilities {@code p1, p2, p3} of choosing each intensity (sum to 1)
 * @param keyBasisDetections {@code n_{X,k}}: sifted detections in the key basis per intensity
 * @param testBasisDetections {@code n_{Z,k}}: sifted detections in the test basis per intensity
 * @param testBasisErrors {@code m_{Z,k}}: bit errors among those test-basis detections
 */
public record DecoyStatistics(
        double[] intensities,
        double[] probabilities,
        long[] keyBasisDetections,
        long[] testBasisDetections,
        long[] testBasisErrors) {

    /** Number of intensity classes this model uses. */
    public static final int CLASSES = 3;

    public DecoyStatistics {
        intensities = intensities.clone();
        probabilities = probabilities.clone();
        keyBasisDetections = keyBasisDetections.clone();
        testBasisDetections = testBasisDetections.clone();
        testBasisErrors = testBasisErrors.clone();
        if (intensities.length != CLASSES
                || probabilities.length != CLASSES
                || keyBasisDetections.length != CLASSES
                || testBasisDetections.length != CLASSES
                || testBasisErrors.length != CLASSES) {
            throw new IllegalArgumentException("every array needs exactly 3 entries");
        }
        double mu1 = intensities[0];
        double mu2 = intensities[1];
        double mu3 = intensities[2];
        if (!(mu3 >= 0 && mu2 > mu3 && mu1 > mu2 + mu3)) {
            throw new IllegalArgumentException(
                    "intensities need mu1 > mu2 + mu3 and mu2 > mu3 >= 0");
        }
        double sum = 0;
        for (double p : probabilities) {
            if (!(p > 0 && p < 1)) {
                throw new IllegalArgumentException("probabilities must lie in (0, 1)");
            }
            sum += p;
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("probabilities must sum to 1, sum is " + sum);
        }
        for (int k = 0; k < CLASSES; k++) {
            if (keyBasisDetections[k] < 0
                    || testBasisDetections[k] < 0
                    || testBasisErrors[k] < 0
                    || testBasisErrors[k] > testBasisDetections[k]) {
                throw new IllegalArgumentException(
                        "counts must be >= 0 and errors at most detections");
            }
        }
    }

    @Override
    public double[] intensities() {
        return intensities.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public long[] keyBasisDetections() {
        return keyBasisDetections.clone();
    }

    @Override
    public long[] testBasisDetections() {
        return testBasisDetections.clone();
    }

    @Override
    public long[] testBasisErrors() {
        return testBasisErrors.clone();
    }

    /** Total key-basis detections {@code n_X}. */
    public long keyBasisTotal() {
        return Arrays.stream(keyBasisDetections).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecoyStatistics d
                && Arrays.equals(intensities, d.intensities)
                && Arrays.equals(probabilities, d.probabilities)
                && Arrays.equals(keyBasisDetections, d.keyBasisDetections)
                && Arrays.equals(testBasisDetections, d.testBasisDetections)
                && Arrays.equals(testBasisErrors, d.testBasisErrors);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(intensities) * 31 + Arrays.hashCode(keyBasisDetections);
    }

    @Override
    public String toString() {
        return "DecoyStatistics[mu="
                + Arrays.toString(intensities)
                + ", p="
                + Arrays.toString(probabilities)
                + ", nX="
                + Arrays.toString(keyBasisDetections)
                + ", nZ="
                + Arrays.toString(testBasisDetections)
                + ", mZ="
                + Arrays.toString(testBasisErrors)
                + "]";
    }
}
