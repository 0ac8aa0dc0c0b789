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

    /** Sifted Z per class 600/300/100 (= 1000 key bits), sifted X 500/250/90, X errors 10/9/40. */
    private static long[] cells() {
        long[] c = new long[CountsResponse.KINDS * CountsResponse.CELLS];
        long[] siftedZx = {600, 500, 300, 250, 100, 90};
        long[] errorsZx = {0, 10, 0, 9, 0, 40};
        for (int i = 0; i < 6; i++) {
            c[i] = 100_000;
            c[6 + i] = 2_000;
            c[12 + i] = siftedZx[i];
            c[18 + i] = errorsZx[i];
        }
        return c;
    }

    private final ModemSiftedKeySource source = ModemSiftedKeySource.withDecoyModel(null, MU, P);

    @Test
    void zIsTheKeyBasisAndXTheTestBasis() {
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
    void noCountsUnlessTheyDescribeExactlyTheKeyBits() {
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

    @Test
    void anInvalidModelIsRefusedUpFront() {
        assertThatThrownBy(
                        () ->
                                ModemSiftedKeySource.withDecoyModel(
                                        null, new double[] {0.1, 0.15, 0}, P))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
