package io.qkdmodem.agent.postprocessing.keyrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qkdmodem.agent.postprocessing.estimation.DecoyBounds;
import io.qkdmodem.agent.postprocessing.estimation.DecoyStatistics;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class KeyRateTest {
    private final ChannelModel gys = ChannelModel.gys();

    /**
     * Published asymptotic decoy-state BB84 rates for the GYS parameters (Lo, Ma, Chen, PRL 94,
     * 230504, 2005, Fig. 1 with the GYS data of Gobby, Yuan, Shields, APL 84, 3762, 2004): about
     * 2.56e-3 bits/pulse at 0 km, 2.23e-4 at 50 km, 1.72e-5 at 100 km, no key beyond ~142 km.
     */
    @Test
    void reproducesGysFigures() {
        assertThat(DecoyBb84.optimalRate(gys, 0)).isCloseTo(2.56e-3, Percentage.withPercentage(2));
        assertThat(DecoyBb84.optimalRate(gys, 50)).isCloseTo(2.23e-4, Percentage.withPercentage(2));
        assertThat(DecoyBb84.optimalRate(gys, 100))
                .isCloseTo(1.72e-5, Percentage.withPercentage(2));
        assertThat(DecoyBb84.maxDistance(gys)).isCloseTo(142, Percentage.withPercentage(2));
        assertThat(DecoyBb84.optimalRate(gys, 145)).isZero();
    }

    @Test
    void optimalIntensityIsAboutOneHalfForGys() {
        assertThat(DecoyBb84.optimalMu(gys, 0)).isCloseTo(0.48, within(0.03));
        assertThat(DecoyBb84.rate(gys, 50, DecoyBb84.optimalMu(gys, 50)))
                .isGreaterThanOrEqualTo(DecoyBb84.rate(gys, 50, 0.3))
                .isGreaterThanOrEqualTo(DecoyBb84.rate(gys, 50, 0.7));
    }

    /** PLOB: -log2(1 - eta); 0.2 dB/km at 100 km gives eta = 0.01 -> 0.0145 bits/use. */
    @Test
    void plobBound() {
        assertThat(Plob.bound(0.5)).isCloseTo(1.0, within(1e-12));
        assertThat(Plob.boundAt(100, 0.2)).isCloseTo(-Math.log(0.99) / Math.log(2), within(1e-12));
        assertThat(Plob.bound(1e-6)).isCloseTo(1.4427e-6, Percentage.withPercentage(0.1));
        for (int km = 0; km <= 140; km += 20) {
            assertThat(DecoyBb84.optimalRate(gys, km))
                    .isLessThan(Plob.bound(gys.transmittance(km)));
        }
    }

    @Test
    void tomamichelLengthGrowsTowardsTheAsymptoticRate() {
        double q = 0.02;
        double prev = 0;
        for (long n : new long[] {10_000, 100_000, 1_000_000, 100_000_000}) {
            long k = n / 10;
            double leak = 1.05 * n * Entropy.h(q);
            long l = FiniteKey.tomamichel2012(n, k, q, leak, 1e-10, 1e-15);
            double rate = (double) l / n;
            assertThat(rate).isGreaterThanOrEqualTo(prev);
            assertThat(rate).isLessThan(1 - 2.05 * Entropy.h(q));
            prev = rate;
        }
        assertThat(prev).isCloseTo(1 - 2.05 * Entropy.h(q), within(0.01));
        // Tomamichel et al. 2012: no key for n = 10^4 signals at 2 % with these epsilons would be
        // surprising; but at 11 % there is none at all.
        assertThat(
                        FiniteKey.tomamichel2012(
                                1_000_000, 100_000, 0.11, 1_000_000 * 0.5, 1e-10, 1e-15))
                .isZero();
    }

    /**
     * Decoy bounds on expected counts of the standard model: the single-photon lower bound stays
     * below the true expected single-photon detections and close to it for large blocks; the
     * phase-error upper bound stays above e_1.
     */
    @Test
    void limBoundsBracketTheTruth() {
        double km = 25;
        double eta = gys.transmittance(km);
        double[] mu = {0.5, 0.1, 0.0002};
        double[] p = {0.8, 0.15, 0.05};
        long pulses = 10_000_000_000L;
        long[] nX = new long[3];
        long[] nZ = new long[3];
        long[] mZ = new long[3];
        double trueS1 = 0;
        for (int k = 0; k < 3; k++) {
            double detX = pulses * p[k] * 0.5 * gys.gain(mu[k], eta);
            nX[k] = Math.round(detX);
            nZ[k] = Math.round(detX);
            mZ[k] = Math.round(detX * gys.qber(mu[k], eta));
            double y1 = 1 - (1 - gys.y0()) * (1 - eta);
            trueS1 += pulses * p[k] * 0.5 * y1 * mu[k] * Math.exp(-mu[k]);
        }
        DecoyStatistics s = new DecoyStatistics(mu, p, nX, nZ, mZ);
        DecoyBounds b = DecoyBounds.lim2014(s, 1e-10);
        assertThat(b.singleX()).isLessThan(trueS1).isGreaterThan(0.8 * trueS1);
        double e1 = (0.5 * gys.y0() + gys.ed() * eta) / (1 - (1 - gys.y0()) * (1 - eta));
        assertThat(b.phaseErrorX()).isGreaterThan(e1).isLessThan(e1 + 0.05);
        double leak = 1.1 * (nX[0] + nX[1] + nX[2]) * Entropy.h(gys.qber(mu[0], eta));
        long l = FiniteKey.lim2014(s, leak, 1e-10, 1e-15);
        assertThat(l).isPositive();
        // Below the asymptotic bound for the same pulses (q = 1/2 sifting, all intensities).
        assertThat((double) l).isLessThan(pulses * DecoyBb84.optimalRate(gys, km) * 1.0);
    }
}
