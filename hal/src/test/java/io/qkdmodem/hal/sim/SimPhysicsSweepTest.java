package io.qkdmodem.hal.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.hal.optics.BasisChoice;
import io.qkdmodem.hal.optics.IntensityClass;
import io.qkdmodem.hal.optics.IntensityProfile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The long version of {@link SimPhysicsTest} ({@code mvn -Plong verify}): about ten times the
 * statistics, every 10 km to 150 km, both basis choices. Same closed forms (Ma, Qi, Zhao, Lo 2005).
 */
@Tag("slow")
class SimPhysicsSweepTest {
    private static final IntensityProfile PROFILE = new IntensityProfile(0.5, 0.1, 0.5, 0.4);

    @ParameterizedTest(name = "{0} km, {1}")
    @CsvSource({
        "0,ACTIVE", "10,ACTIVE", "20,PASSIVE", "30,ACTIVE", "40,PASSIVE", "50,ACTIVE",
        "60,PASSIVE", "70,ACTIVE", "80,PASSIVE", "90,ACTIVE", "100,PASSIVE", "120,ACTIVE",
        "150,ACTIVE"
    })
    void gainAndErrorMatchTheory(double km, BasisChoice choice) throws Exception {
        long seed = 777 + (long) km;
        SimParameters p =
                SimParameters.builder()
                        .lengthKm(km)
                        .profile(PROFILE)
                        .basisChoice(choice)
                        .seed(seed)
                        .build();
        double eta = p.eta();
        double qSignal = p.y0() - Math.expm1(-eta * PROFILE.muSignal());
        long slots = (long) Math.min(2e11, 1.5e6 / (qSignal * PROFILE.pSignal()));
        try (SimHarness h = new SimHarness(p)) {
            h.run(slots);
            for (IntensityClass k :
                    new IntensityClass[] {IntensityClass.SIGNAL, IntensityClass.DECOY}) {
                double signal = -Math.expm1(-eta * PROFILE.mu(k));
                double q = p.y0() + signal;
                double pulses = h.slots * PROFILE.probability(k);
                double qHat = h.tally.clicks[k.code()] / pulses;
                assertThat(Math.abs(qHat - q))
                        .as("seed %d %s km %s gain", seed, km, k)
                        .isLessThan(5 * Math.sqrt(q / pulses * (2 - PROFILE.probability(k))));
                double e = (p.y0() / 2 + p.misalignment() * signal) / q;
                long sifted = h.tally.sifted[k.code()];
                assertThat(Math.abs(h.tally.qber(k.code()) - e))
                        .as("seed %d %s km %s error", seed, km, k)
                        .isLessThan(5 * Math.sqrt(e * (1 - e) / sifted));
            }
        }
    }
}
