package io.qkdmodem.hal.entropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.HalConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthTestsTest {

    @Test
    void cutoffsMatchSp80090b() {
        // SP 800-90B 4.4.1: C = 1 + ceil(-log2(alpha) / H) with alpha = 2^-20
        assertThat(HealthTests.repetitionCountCutoff(2)).isEqualTo(11);
        assertThat(HealthTests.repetitionCountCutoff(8)).isEqualTo(4);
        assertThat(HealthTests.repetitionCountCutoff(1)).isEqualTo(21);
        // SP 800-90B 4.4.2, Table 2 (non-binary, W = 512, alpha = 2^-20)
        assertThat(HealthTests.adaptiveProportionCutoff(0.5, 512)).isEqualTo(410);
        assertThat(HealthTests.adaptiveProportionCutoff(1, 512)).isEqualTo(311);
        assertThat(HealthTests.adaptiveProportionCutoff(2, 512)).isEqualTo(177);
        assertThat(HealthTests.adaptiveProportionCutoff(4, 512)).isEqualTo(62);
        assertThat(HealthTests.adaptiveProportionCutoff(8, 512)).isEqualTo(13);
    }

    @Test
    void stuckSourceFailsTheRepetitionCountTestAndStaysStopped() throws Exception {
        FakeRaw raw = new FakeRaw(7, i -> 0x42);
        AtomicReference<EntropyHealthException> seen = new AtomicReference<>();
        HealthTestedEntropySource src = new HealthTestedEntropySource(raw, seen::set);
        byte[] out = new byte[32];
        assertThatThrownBy(() -> src.nextBytes(out))
                .isInstanceOf(EntropyHealthException.class)
                .hasMessageContaining("REPETITION_COUNT")
                .satisfies(
                        e ->
                                assertThat(((EntropyHealthException) e).test())
                                        .isEqualTo(EntropyHealthException.Test.REPETITION_COUNT));
        assertThat(seen.get()).isNotNull();
        assertThat(raw.closed).isTrue();
        assertThatThrownBy(() -> src.nextBytes(out)).isSameAs(seen.get());
        assertThat(out).containsOnly(0);
    }

    @Test
    void biasedSourceWithoutRunsFailsTheAdaptiveProportionTest() {
        Random r = new Random(5);
        // every third sample is 0: no long runs, but 0 fills a third of each window
        FakeRaw raw = new FakeRaw(8, i -> i % 3 == 0 ? 0 : 1 + r.nextInt(255));
        HealthTestedEntropySource src = new HealthTestedEntropySource(raw);
        assertThatThrownBy(() -> src.nextBytes(new byte[4096]))
                .isInstanceOf(EntropyHealthException.class)
                .satisfies(
                        e ->
                                assertThat(((EntropyHealthException) e).test())
                                        .isEqualTo(
                                                EntropyHealthException.Test.ADAPTIVE_PROPORTION));
        assertThat(src.failure()).isNotNull();
    }

    @Test
    void healthySourcePasses() throws Exception {
        // seed 1: 2^18 bytes at the per-sample false-alarm rate ~2^-20 pass (deterministic)
        HealthTestedEntropySource src = new HealthTestedEntropySource(new SeededDrbg(1, "health"));
        byte[] buf = new byte[1 << 12];
        for (int i = 0; i < 64; i++) {
            src.nextBytes(buf);
        }
        assertThat(src.failure()).isNull();
    }

    @Test
    void configurationSelectsAndReportsTheSource(@TempDir Path dir) throws Exception {
        HalConfig sim = HalConfig.of(Map.of("hal.entropy", "sim-drbg", "hal.entropy.seed", "9"));
        byte[] a = new byte[16];
        byte[] b = new byte[16];
        try (EntropySource s1 = EntropySources.open(sim);
                EntropySource s2 = EntropySources.open(sim)) {
            assertThat(s1.kind()).isEqualTo(EntropyKind.SIMULATION_DRBG);
            s1.nextBytes(a);
            s2.nextBytes(b);
        }
        assertThat(a).isEqualTo(b);

        Path fakeDevice = dir.resolve("hwrng");
        byte[] noise = new byte[8192];
        new Random(3).nextBytes(noise);
        Files.write(fakeDevice, noise);
        HalConfig hw =
                HalConfig.of(
                        Map.of(
                                "hal.entropy",
                                "auto",
                                "hal.entropy.hwrng-path",
                                fakeDevice.toString()));
        try (EntropySource s = EntropySources.open(hw)) {
            assertThat(s.kind()).isEqualTo(EntropyKind.HARDWARE_RNG);
            assertThat(s.claimedMinEntropyPerByte()).isEqualTo(6);
            s.nextBytes(new byte[100]);
        }
        HalConfig none =
                HalConfig.of(
                        Map.of(
                                "hal.entropy",
                                "auto",
                                "hal.entropy.hwrng-path",
                                dir.resolve("absent").toString()));
        try (EntropySource s = EntropySources.open(none)) {
            assertThat(s.kind()).isEqualTo(EntropyKind.JDK_STRONG);
            assertThat(s.description()).contains("JDK strong SecureRandom");
        }
        assertThatThrownBy(() -> EntropySources.open(HalConfig.of(Map.of("hal.entropy", "dice"))))
                .isInstanceOf(HalConfigException.class)
                .hasMessageContaining("hal.entropy");
    }

    /** A raw source producing a scripted sequence. */
    private static final class FakeRaw implements EntropySource {
        private final double claim;
        private final java.util.function.IntUnaryOperator gen;
        private int i;
        boolean closed;

        FakeRaw(double claim, java.util.function.IntUnaryOperator gen) {
            this.claim = claim;
            this.gen = gen;
        }

        @Override
        public EntropyKind kind() {
            return EntropyKind.HARDWARE_RNG;
        }

        @Override
        public String description() {
            return "fake";
        }

        @Override
        public double claimedMinEntropyPerByte() {
            return claim;
        }

        @Override
        public void nextBytes(byte[] out) {
            for (int k = 0; k < out.length; k++) {
                out[k] = (byte) gen.applyAsInt(i++);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
