package io.qkdmodem.agent.postprocessing.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.agent.postprocessing.keyrate.Entropy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Efficiency guards: f = leak / (n h(QBER)) at n = 2^14 stays near the published state of the art
 * (Martinez-Mateo et al., QIC 15 (2015): 1.047 / 1.04 / 1.045 / 1.055 at 1 / 2 / 5 / 8 %).
 */
class CascadeEfficiencyTest {
    private static final int N = 1 << 14;

    static double efficiency(double q, int frames, long seed, int[] failures) throws Exception {
        long leak = 0;
        for (int i = 0; i < frames; i++) {
            CascadeTest.Run run =
                    CascadeTest.run(
                            N,
                            q,
                            seed + i,
                            CascadeSchedule.forQber(N, q, 16),
                            CascadeBob.Scheduling.LOWEST_PASS_FIRST);
            leak += run.bobLeak();
            if (!run.identical()) {
                failures[0]++;
            }
        }
        return leak / ((double) frames * N * Entropy.h(q));
    }

    @Test
    void twoPercentStaysNearTheStateOfTheArt() throws Exception {
        int[] failures = {0};
        double f = efficiency(0.02, 40, 2020, failures);
        assertThat(f).as("seed 2020").isLessThan(1.07);
        assertThat(failures[0]).isZero();
    }

    @Tag("slow")
    @Test
    void allPointsOverThousandFrames() throws Exception {
        double[] qs = {0.01, 0.02, 0.05, 0.08};
        double[] max = {1.06, 1.055, 1.055, 1.065};
        for (int i = 0; i < qs.length; i++) {
            int[] failures = {0};
            double f = efficiency(qs[i], 1000, 77_000 + i * 10_000L, failures);
            assertThat(f).as("q=%s", qs[i]).isLessThan(max[i]);
            assertThat(failures[0]).as("q=%s", qs[i]).isLessThanOrEqualTo(1);
        }
    }
}
