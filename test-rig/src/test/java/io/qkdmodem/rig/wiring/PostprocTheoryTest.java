package io.qkdmodem.rig.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qkdmodem.rig.scenario.ChannelModel;
import io.qkdmodem.rig.scenario.SourceProfile;
import org.junit.jupiter.api.Test;

class PostprocTheoryTest {

    private final PostprocTheory theory = new PostprocTheory();

    @Test
    void decoyRateFallsWithDistanceStaysUnderPlobAndEndsBefore150Km() {
        double previous = Double.MAX_VALUE;
        for (int km = 0; km <= 140; km += 10) {
            ChannelModel c = ChannelModel.standard(SourceProfile.DEFAULT, km, 0);
            double r = theory.asymptoticBitsPerPulse(c);
            assertThat(r).as("rate at %d km", km).isPositive().isLessThan(previous);
            assertThat(r).isLessThan(theory.plobBitsPerPulse(c));
            previous = r;
        }
        assertThat(
                        theory.asymptoticBitsPerPulse(
                                ChannelModel.standard(SourceProfile.DEFAULT, 160, 0)))
                .isZero();
    }

    @Test
    void atMuHalfTheRateIsJustBelowTheOptimumOfTheGysFigures() {
        // Optimal-mu GYS figures (host-agent issue): 2.56e-3 at 0 km, 2.23e-4 at 50 km. The rig
        // compares at the simulator's mu = 0.5, which is close to optimal at these distances.
        double r0 =
                theory.asymptoticBitsPerPulse(ChannelModel.standard(SourceProfile.DEFAULT, 0, 0));
        double r50 =
                theory.asymptoticBitsPerPulse(ChannelModel.standard(SourceProfile.DEFAULT, 50, 0));
        assertThat(r0).isLessThanOrEqualTo(2.56e-3 * 1.02).isGreaterThan(2.56e-3 * 0.8);
        assertThat(r50).isLessThanOrEqualTo(2.23e-4 * 1.02).isGreaterThan(2.23e-4 * 0.8);
    }

    @Test
    void plobAtZeroLossIsInfiniteAndAt100KmMatchesTheFormula() {
        ChannelModel c = ChannelModel.standard(SourceProfile.DEFAULT, 100, 0);
        double eta = Math.pow(10, -0.21 * 100 / 10);
        assertThat(theory.plobBitsPerPulse(c))
                .isCloseTo(-Math.log(1 - eta) / Math.log(2), within(1e-12));
    }

    @Test
    void anInterceptResendEavesdropperLowersTheRateAndAQuarterOfPulsesEndsIt() {
        double clean =
                theory.asymptoticBitsPerPulse(ChannelModel.standard(SourceProfile.DEFAULT, 10, 0));
        double some =
                theory.asymptoticBitsPerPulse(
                        ChannelModel.standard(SourceProfile.DEFAULT, 10, 0.1));
        assertThat(some).isPositive().isLessThan(clean);
        assertThat(
                        theory.asymptoticBitsPerPulse(
                                ChannelModel.standard(SourceProfile.DEFAULT, 10, 0.5)))
                .isZero();
    }

    @Test
    void singlePhotonSourceBeatsWeakPulsesAtTheSameDistance() {
        double paper =
                theory.asymptoticBitsPerPulse(ChannelModel.standard(SourceProfile.PAPER, 50, 0));
        double wcp =
                theory.asymptoticBitsPerPulse(ChannelModel.standard(SourceProfile.DEFAULT, 50, 0));
        assertThat(paper).isGreaterThan(wcp);
    }
}
