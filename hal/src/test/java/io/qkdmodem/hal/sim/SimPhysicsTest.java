package io.qkdmodem.hal.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.hal.optics.BasisChoice;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.IntensityClass;
import io.qkdmodem.hal.optics.IntensityProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulator against the closed forms of DESIGN.md section 5 (Ma, Qi, Zhao, Lo, PRA 72, 012326
 * (2005), eqs. for Q_mu and E_mu): Q = Y0 + 1 - exp(-eta mu), E Q = Y0/2 + e_d (1 - exp(-eta mu)),
 * eta = 10^(-alpha L/10) eta_Bob, with the standard (GYS) parameters.
 */
class SimPhysicsTest {
    private static final IntensityProfile PROFILE = new IntensityProfile(0.5, 0.1, 0.5, 0.4);

    @ParameterizedTest(name = "{0} km")
    @ValueSource(doubles = {0, 25, 50, 100})
    void gainAndErrorMatchTheoryWithinFiveSigma(double km) throws Exception {
        long seed = 20261126L + (long) km;
        SimParameters p = SimParameters.builder().lengthKm(km).profile(PROFILE).seed(seed).build();
        double eta = p.eta();
        double qSignal = p.y0() - Math.expm1(-eta * PROFILE.muSignal());
        // about 150k signal clicks per distance
        long slots = (long) (1.5e5 / (qSignal * PROFILE.pSignal()));
        try (SimHarness h = new SimHarness(p)) {
            h.run(slots);
            for (IntensityClass k : IntensityClass.values()) {
                double mu = PROFILE.mu(k);
                double signal = -Math.expm1(-eta * mu);
                double q = p.y0() + signal;
                double eq = p.y0() / 2 + p.misalignment() * signal;
                double pulses = h.slots * PROFILE.probability(k);
                long clicks = h.tally.clicks[k.code()];
                double qHat = clicks / pulses;
                double sigmaQ =
                        Math.sqrt(
                                q * (1 - q) / pulses
                                        + q * q * (1 - PROFILE.probability(k)) / pulses);
                assertThat(Math.abs(qHat - q))
                        .as("seed %d, %s km, %s gain %.4g vs %.4g", seed, km, k, qHat, q)
                        .isLessThan(5 * sigmaQ);
                if (k != IntensityClass.VACUUM) {
                    double e = eq / q;
                    long sifted = h.tally.sifted[k.code()];
                    double eHat = h.tally.qber(k.code());
                    double sigmaE = Math.sqrt(e * (1 - e) / sifted);
                    assertThat(Math.abs(eHat - e))
                            .as("seed %d, %s km, %s error %.4g vs %.4g", seed, km, k, eHat, e)
                            .isLessThan(5 * sigmaE);
                }
            }
        }
    }

    @ParameterizedTest(name = "p = {0}")
    @ValueSource(doubles = {0.4, 1.0})
    void interceptResendAddsAboutAQuarterOfTheFraction(double fraction) throws Exception {
        long seed = 77;
        SimParameters honest =
                SimParameters.builder()
                        .lengthKm(25)
                        .profile(IntensityProfile.signalOnly(0.5))
                        .seed(seed)
                        .build();
        SimParameters attacked =
                honest.toBuilder().eavesdropper(new Eavesdropper.InterceptResend(fraction)).build();
        long slots = 60_000_000;
        double e0;
        double e1;
        long sifted;
        try (SimHarness h = new SimHarness(honest)) {
            h.run(slots);
            e0 = h.tally.qber(0);
        }
        try (SimHarness h = new SimHarness(attacked)) {
            h.run(slots);
            e1 = h.tally.qber(0);
            sifted = h.tally.sifted[0];
        }
        double added = e1 - e0;
        double sigma = Math.sqrt(2 * 0.25 / sifted);
        // Exactly: p (1/4 - e_d/2) on signal clicks; "about p/4" within 10 % plus statistics.
        assertThat(Math.abs(added - 0.25 * fraction))
                .as("seed %d: QBER %.4f -> %.4f", seed, e0, e1)
                .isLessThan(0.025 * fraction + 5 * sigma);
        assertThat(Math.abs(added - fraction * (0.25 - honest.misalignment() / 2)))
                .isLessThan(5 * sigma);
    }

    @Test
    void photonNumberSplittingKeepsTheSignalGainButNotTheDecoyGain() throws Exception {
        SimParameters honest =
                SimParameters.builder().lengthKm(50).profile(PROFILE).seed(5).build();
        SimParameters pns =
                honest.toBuilder().eavesdropper(new Eavesdropper.PhotonNumberSplitting()).build();
        ChannelModel h = new ChannelModel(honest);
        ChannelModel e = new ChannelModel(pns);
        assertThat(e.detectionProbability(IntensityClass.SIGNAL))
                .isCloseTo(h.detectionProbability(IntensityClass.SIGNAL), withinRel(1e-9));
        assertThat(e.detectionProbability(IntensityClass.DECOY))
                .isLessThan(0.5 * h.detectionProbability(IntensityClass.DECOY));
        try (SimHarness run = new SimHarness(pns)) {
            run.run(200_000_000);
            double qs =
                    run.tally.clicks[0] / (run.slots * PROFILE.probability(IntensityClass.SIGNAL));
            double qd =
                    run.tally.clicks[1] / (run.slots * PROFILE.probability(IntensityClass.DECOY));
            double expS = honest.y0() + h.detectionProbability(IntensityClass.SIGNAL);
            double honestD = honest.y0() + h.detectionProbability(IntensityClass.DECOY);
            assertThat(qs).isCloseTo(expS, withinRel(0.03));
            assertThat(qd).isLessThan(0.6 * honestD);
        }
    }

    @Test
    void paperProfileIsAnIdealSinglePhotonSource() throws Exception {
        SimParameters p = SimParameters.paper().lengthKm(10).seed(3).build();
        double eta = p.eta();
        try (SimHarness h = new SimHarness(p)) {
            h.run(20_000_000);
            double q = 1 - (1 - p.y0()) * (1 - eta);
            double qHat = h.tally.clicks[0] / (double) h.slots;
            assertThat(Math.abs(qHat - q)).isLessThan(5 * Math.sqrt(q / h.slots));
            // one photon never makes a double click; only dark coincidences could
            assertThat(h.tally.doubleClicks).isLessThan(5);
        }
    }

    @Test
    void sameSeedSameClicksDifferentSeedDifferent() throws Exception {
        SimParameters p = SimParameters.builder().lengthKm(10).seed(11).build();
        ClickReport a;
        ClickReport b;
        ClickReport c;
        try (SimHarness h = new SimHarness(p)) {
            a = h.frame(1_000_000);
        }
        try (SimHarness h = new SimHarness(p)) {
            b = h.frame(1_000_000);
        }
        try (SimHarness h = new SimHarness(p.toBuilder().seed(12).build())) {
            c = h.frame(1_000_000);
        }
        assertThat(a.size()).isGreaterThan(1000);
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void deadTimeBlindsADetectorAndAfterPulsesAddClicks() throws Exception {
        SimParameters base =
                SimParameters.builder()
                        .lengthKm(0)
                        .profile(IntensityProfile.signalOnly(5))
                        .basisChoice(BasisChoice.PASSIVE)
                        .seed(9)
                        .build();
        int dead = 50;
        ClickReport plain;
        ClickReport blind;
        ClickReport after;
        try (SimHarness h = new SimHarness(base)) {
            plain = h.frame(200_000);
        }
        try (SimHarness h = new SimHarness(base.toBuilder().deadTimeSlots(dead).build())) {
            blind = h.frame(200_000);
        }
        try (SimHarness h = new SimHarness(base.toBuilder().afterpulse(0.3, 20).build())) {
            after = h.frame(200_000);
        }
        assertThat(blind.size()).isLessThan(plain.size() / 2);
        int[] last = {-1_000_000, -1_000_000, -1_000_000, -1_000_000};
        for (int i = 0; i < blind.size(); i++) {
            for (int d = 0; d < 4; d++) {
                if ((blind.detectorMask(i) >>> d & 1) != 0) {
                    assertThat(blind.slot(i) - last[d]).isGreaterThan(dead);
                    last[d] = blind.slot(i);
                }
            }
        }
        assertThat(after.size()).isGreaterThan(plain.size());
    }

    @Test
    void passiveBasisChoiceAlsoMatchesTheGain() throws Exception {
        SimParameters p =
                SimParameters.builder()
                        .lengthKm(25)
                        .profile(IntensityProfile.signalOnly(0.5))
                        .basisChoice(BasisChoice.PASSIVE)
                        .seed(21)
                        .build();
        try (SimHarness h = new SimHarness(p)) {
            h.run(30_000_000);
            double q = p.y0() - Math.expm1(-p.eta() * 0.5);
            double qHat = h.tally.clicks[0] / (double) h.slots;
            assertThat(Math.abs(qHat - q)).isLessThan(5 * Math.sqrt(q / h.slots));
            double e = (p.y0() / 2 + p.misalignment() * (q - p.y0())) / q;
            assertThat(Math.abs(h.tally.qber(0) - e))
                    .isLessThan(5 * Math.sqrt(e / h.tally.sifted[0]));
        }
    }

    private static org.assertj.core.data.Percentage withinRel(double r) {
        return org.assertj.core.data.Percentage.withPercentage(r * 100);
    }
}
