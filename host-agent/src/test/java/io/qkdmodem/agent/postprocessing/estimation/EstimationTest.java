package io.qkdmodem.agent.postprocessing.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EstimationTest {

    @Test
    void sampleIsDistinctSortedDeterministicAndUniform() {
        int[] a = RandomSample.positions(123, 10_000, 1000);
        int[] b = RandomSample.positions(123, 10_000, 1000);
        assertThat(a).isEqualTo(b).hasSize(1000).isSorted();
        for (int i = 1; i < a.length; i++) {
            assertThat(a[i]).isGreaterThan(a[i - 1]);
        }
        assertThat(RandomSample.positions(124, 10_000, 1000)).isNotEqualTo(a);
        // uniform: each decile holds about a tenth of the sample
        int[] counts = new int[10];
        for (int s = 0; s < 50; s++) {
            for (int p : RandomSample.positions(s, 10_000, 1000)) {
                counts[p / 1000]++;
            }
        }
        for (int c : counts) {
            assertThat(c).isBetween(4500, 5500);
        }
        assertThat(RandomSample.positions(1, 10, 10)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void phaseErrorBoundIsAboveTheSampleMeanAndShrinksWithTheSample() {
        QberEstimate small = QberEstimate.of(100_000, 1_000, 20, 1e-10);
        QberEstimate large = QberEstimate.of(100_000, 100_000, 2000, 1e-10);
        assertThat(small.observed()).isEqualTo(0.02);
        assertThat(small.phaseErrorUpper()).isGreaterThan(0.02);
        assertThat(large.phaseErrorUpper()).isGreaterThan(0.02).isLessThan(small.phaseErrorUpper());
        // mu of Tomamichel et al. 2012 for n = k = 10^5, eps = 1e-10: sqrt(2e-5 * 1.00001 * 23.03)
        assertThat(QberEstimate.tomamichelMu(100_000, 100_000, 1e-10))
                .isCloseTo(
                        Math.sqrt(2e-5 * 1.00001 * Math.log(2e10)),
                        org.assertj.core.api.Assertions.within(1e-9));
    }

    /** Empirical check of the sampling bound: the hidden error rate rarely exceeds Q + mu. */
    @Test
    void boundHoldsEmpirically() {
        Random r = new Random(2026);
        int n = 20_000;
        int k = 2_000;
        double eps = 1e-3;
        for (int trial = 0; trial < 200; trial++) {
            boolean[] err = new boolean[n + k];
            for (int i = 0; i < err.length; i++) {
                err[i] = r.nextDouble() < 0.05;
            }
            int[] sample = RandomSample.positions(r.nextLong(), n + k, k);
            int se = 0;
            java.util.BitSet in = new java.util.BitSet();
            for (int p : sample) {
                in.set(p);
                se += err[p] ? 1 : 0;
            }
            int he = 0;
            for (int i = 0; i < err.length; i++) {
                if (!in.get(i) && err[i]) {
                    he++;
                }
            }
            QberEstimate e = QberEstimate.of(n, k, se, eps);
            assertThat((double) he / n)
                    .as("trial %d", trial)
                    .isLessThanOrEqualTo(e.phaseErrorUpper());
        }
    }

    @Test
    void decoyStatisticsValidateTheirInput() {
        assertThatThrownBy(
                        () ->
                                new DecoyStatistics(
                                        new double[] {0.1, 0.2, 0.0},
                                        new double[] {0.5, 0.25, 0.25},
                                        new long[3],
                                        new long[3],
                                        new long[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mu1 > mu2 + mu3");
        assertThatThrownBy(
                        () ->
                                new DecoyStatistics(
                                        new double[] {0.5, 0.1, 0.0},
                                        new double[] {0.5, 0.25, 0.2},
                                        new long[3],
                                        new long[3],
                                        new long[3]))
                .hasMessageContaining("sum to 1");
        assertThatThrownBy(
                        () ->
                                new DecoyStatistics(
                                        new double[] {0.5, 0.1, 0.0},
                                        new double[] {0.5, 0.25, 0.25},
                                        new long[3],
                                        new long[] {1, 1, 1},
                                        new long[] {2, 0, 0}))
                .hasMessageContaining("errors at most detections");
    }
}
