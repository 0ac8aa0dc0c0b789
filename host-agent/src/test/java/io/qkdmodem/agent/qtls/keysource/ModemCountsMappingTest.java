package io.qkdmodem.agent.qtls.keysource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.agent.postprocessing.estimation.DecoyStatistics;
import io.qkdmodem.protocol.message.CountsResponse;
import org.junit.jupiter.api.Test;

/** How a modem's COUNTS become Lim 2014 counts (docs/firmware.md, decoy layout). */
class ModemCountsMappingTest {
    private static final double[] MU = {0.5, 0.15, 0.0};
    private static final double[] P = {0.5, 0.35, 0.15};

    /** Pulses per cell as the modems drew them: classes 0.5 / 0.35 / 0.15 of 1 000 000, Z = X. */
    private static final long[] PULSES_ZX = {250_000, 250_000, 175_000, 175_000, 75_000, 75_000};

    /** Sifted Z per class 600/300/100 (= 1000 key bits), sifted X 500/250/90, X errors 10/9/40. */
    private static long[] cells() {
        return cells(PULSES_ZX);
    }

    private static long[] cells(long[] pulsesZx) {
        long[] c = new long[CountsResponse.KINDS * CountsResponse.CELLS];
        long[] siftedZx = {600, 500, 300, 250, 100, 90};
        long[] errorsZx = {0, 10, 0, 9, 0, 40};
        for (int i = 0; i < 6; i++) {
            c[i] = pulsesZx[i];
            c[6 + i] = 2_000;
            c[12 + i] = siftedZx[i];
            c[18 + i] = errorsZx[i];
        }
        return c;
    }

    private final ModemSiftedKeySource source = ModemSiftedKeySource.withDecoyModel(null, MU, P);

    @Test
    void zIsTheKeyBasisAndXTheTestBasis() throws KeySourceException {
        DecoyStatistics d =
                source.decoyStatistics(new CountsResponse(3, 1000, 0, 1000, true, cells()), 1000)
                        .orElseThrow();
        assertThat(d.keyBasisDetections()).containsExactly(600, 300, 100);
        assertThat(d.testBasisDetections()).containsExactly(500, 250, 90);
        assertThat(d.testBasisErrors()).containsExactly(10, 9, 40);
        assertThat(d.keyBasisTotal()).isEqualTo(1000);
        assertThat(d.intensities()).containsExactly(MU);
    }

    @Test
    void noCountsUnlessTheyDescribeExactlyTheKeyBits() throws KeySourceException {
        // part of a block
        assertThat(source.decoyStatistics(new CountsResponse(3, 1000, 0, 500, true, cells()), 500))
                .isEmpty();
        // stored without error counts (signal-only layout)
        assertThat(
                        source.decoyStatistics(
                                new CountsResponse(3, 1000, 0, 1000, false, cells()), 1000))
                .isEmpty();
        // block truncated at maxBlockBits: key bits are not all Z sifted bits
        assertThat(source.decoyStatistics(new CountsResponse(3, 900, 0, 900, true, cells()), 900))
                .isEmpty();
    }

    /** The agent says p-signal 0.6, p-decoy 0.25; the modems drew 0.5, 0.35 (as PULSES_ZX). */
    @Test
    void classProbabilitiesThatDifferFromTheModemsAreRefusedNamingTheSetting() {
        ModemSiftedKeySource wrong =
                ModemSiftedKeySource.withDecoyModel(null, MU, new double[] {0.6, 0.25, 0.15});
        assertThatThrownBy(
                        () ->
                                wrong.decoyStatistics(
                                        new CountsResponse(3, 1000, 0, 1000, true, cells()), 1000))
                .isInstanceOf(KeySourceException.class)
                .satisfies(
                        e ->
                                assertThat(((KeySourceException) e).reason())
                                        .isEqualTo(KeySourceException.Reason.MODEL_MISMATCH))
                .hasMessageContaining("block 3")
                .hasMessageContaining("source.p-signal = 0.6000")
                .hasMessageContaining("intensity.p-signal");
    }

    @Test
    void aBlockWithoutPulseCountsIsRefused() {
        assertThatThrownBy(
                        () ->
                                source.decoyStatistics(
                                        new CountsResponse(
                                                3, 1000, 0, 1000, true, cells(new long[6])),
                                        1000))
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("no pulses");
    }

    /**
     * Honest blocks pass: 200 blocks of 10^5 pulses drawn with the configured probabilities (seed
     * 20261126; a 6-sigma test errs about once in 5 * 10^8 per class).
     */
    @Test
    void binomialDrawsWithTheConfiguredProbabilitiesPass() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(20261126L);
        for (int block = 0; block < 200; block++) {
            long[] pulses = new long[3];
            for (int i = 0; i < 100_000; i++) {
                double u = r.nextDouble();
                pulses[u < P[0] ? 0 : u < P[0] + P[1] ? 1 : 2]++;
            }
            assertThat(ModemSiftedKeySource.probabilityMismatch(pulses, P))
                    .as("block %d (seed 20261126)", block)
                    .isNull();
        }
        // and a shift of 1 % of the pulses from signal to decoy is caught at this size
        assertThat(ModemSiftedKeySource.probabilityMismatch(new long[] {49_000, 36_000, 15_000}, P))
                .contains("signal");
    }

    @Test
    void anInvalidModelIsRefusedUpFront() {
        assertThatThrownBy(
                        () ->
                                ModemSiftedKeySource.withDecoyModel(
                                        null, new double[] {0.1, 0.15, 0}, P))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
