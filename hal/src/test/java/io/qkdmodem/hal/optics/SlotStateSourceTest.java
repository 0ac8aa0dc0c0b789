package io.qkdmodem.hal.optics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SlotStateSourceTest {
    private static final byte[] KEY = new byte[16];

    static {
        for (int i = 0; i < 16; i++) {
            KEY[i] = (byte) (i * 17 + 3);
        }
    }

    @Test
    void randomAccessEqualsSequentialAndFollowsTheCounterLayout() throws Exception {
        IntensityProfile profile = IntensityProfile.standard();
        CtrSlotStateSource a = new CtrSlotStateSource(KEY, 7, 1000, profile);
        CtrSlotStateSource b = new CtrSlotStateSource(KEY, 7, 1000, profile);
        int[] seq = new int[1000];
        for (int s = 0; s < 1000; s++) {
            seq[s] = a.state(s);
        }
        for (int s = 999; s >= 0; s -= 3) {
            assertThat(b.state(s)).as("slot %d", s).isEqualTo(seq[s]);
        }
        // Independent recomputation of slot 13 from the documented layout: block 3, bytes 4..7.
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"));
        byte[] ctr = new byte[16];
        ctr[7] = 7;
        ctr[15] = 3;
        byte[] blk = aes.doFinal(ctr);
        int u = (blk[5] & 0xff) << 16 | (blk[6] & 0xff) << 8 | blk[7] & 0xff;
        int expected = blk[4] & 3 | profile.classOf(u).code() << 2;
        assertThat(seq[13]).isEqualTo(expected);
    }

    @Test
    void framesWithDifferentIdsDiffer() {
        CtrSlotStateSource a = new CtrSlotStateSource(KEY, 1, 256, IntensityProfile.standard());
        CtrSlotStateSource b = new CtrSlotStateSource(KEY, 2, 256, IntensityProfile.standard());
        int same = 0;
        for (int s = 0; s < 256; s++) {
            same += a.state(s) == b.state(s) ? 1 : 0;
        }
        assertThat(same).isLessThan(128);
    }

    @Test
    void bulkCountMatchesPerSlotCountAndProbabilities() {
        IntensityProfile profile = IntensityProfile.standard();
        int n = 100_003;
        CtrSlotStateSource a = new CtrSlotStateSource(KEY, 9, n, profile);
        long[] bulk = a.countByIntensity();
        long[] slow = new long[3];
        for (int s = 0; s < n; s++) {
            slow[a.state(s) >>> 2]++;
        }
        assertThat(bulk).containsExactly(slow);
        assertThat(Arrays.stream(bulk).sum()).isEqualTo(n);
        // 80/10/10 within 5 sigma
        assertThat(Math.abs(bulk[0] - 0.8 * n)).isLessThan(5 * Math.sqrt(n * 0.16));
        assertThat(Math.abs(bulk[1] - 0.1 * n)).isLessThan(5 * Math.sqrt(n * 0.09));
    }

    @Test
    void destroyZeroizesAndRefusesQueries() {
        CtrSlotStateSource a = new CtrSlotStateSource(KEY, 1, 16, IntensityProfile.standard());
        a.destroy();
        assertThat(a.isDestroyed()).isTrue();
        assertThatThrownBy(() -> a.state(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(a::exportKey).isInstanceOf(IllegalStateException.class);
        assertThat(a.toString()).doesNotContain("key");
    }

    @Test
    void outOfRangeSlotIsRejected() {
        CtrSlotStateSource a = new CtrSlotStateSource(KEY, 1, 16, IntensityProfile.standard());
        assertThatThrownBy(() -> a.state(16)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> a.state(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void patternFromEntropyUsesTheSameRuleAsCounterMode() {
        byte[] raw = {1, 0, 0, 0, 2, (byte) 0xff, (byte) 0xff, (byte) 0xff, 3, (byte) 0xd0, 0, 0};
        PatternSlotStateSource p =
                PatternSlotStateSource.fromEntropy(raw, IntensityProfile.standard());
        assertThat(raw).containsOnly(0);
        assertThat(p.polarization(0)).isEqualTo(PolarizationState.A01);
        assertThat(p.intensity(0)).isEqualTo(IntensityClass.SIGNAL);
        assertThat(p.polarization(1)).isEqualTo(PolarizationState.A10);
        assertThat(p.intensity(1)).isEqualTo(IntensityClass.VACUUM);
        // 0xd00000 / 2^24 = 0.8125: between 0.8 and 0.9, so decoy
        assertThat(p.intensity(2)).isEqualTo(IntensityClass.DECOY);
        assertThat(p.basis(2)).isEqualTo(Basis.DIAGONAL);
        assertThat(p.bit(2)).isEqualTo(1);
    }

    @Test
    void tableOneStates() {
        // Paper Table 1: a_00 = |0>, a_01 = |1>, a_10 = |+>, a_11 = |->
        assertThat(PolarizationState.of(Basis.RECTILINEAR, 1)).isEqualTo(PolarizationState.A01);
        assertThat(PolarizationState.of(Basis.DIAGONAL, 0)).isEqualTo(PolarizationState.A10);
        for (PolarizationState s : PolarizationState.values()) {
            assertThat(PolarizationState.of(s.basis(), s.bit())).isEqualTo(s);
        }
    }

    // Efficient BB84 (was the firmware's BiasedSlotStates, a copy of this class): the biased
    // layout, checked against the JCA directly, and its cell counts against a slot-by-slot walk.
    @Test
    void aBiasedSourceFollowsItsLayoutAndCountsCellsExactly() throws Exception {
        IntensityProfile profile = IntensityProfile.standard();
        int n = 20_001;
        CtrSlotStateSource a = new CtrSlotStateSource(KEY, 5, n, profile, 0.8);
        Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"));
        long[] cells = new long[6];
        int z = 0;
        for (int s = 0; s < n; s++) {
            byte[] in = new byte[16];
            CtrSlotStateSource.writeLong(in, 0, 5);
            CtrSlotStateSource.writeLong(in, 8, s / 2);
            byte[] blk = c.doFinal(in);
            int off = 8 * (s % 2);
            int u = (blk[off + 1] & 0xff) << 16 | (blk[off + 2] & 0xff) << 8 | blk[off + 3] & 0xff;
            int v = (blk[off + 4] & 0xff) << 16 | (blk[off + 5] & 0xff) << 8 | blk[off + 6] & 0xff;
            int cls = u < profile.signalThreshold() ? 0 : u < profile.decoyThreshold() ? 1 : 2;
            int basis = v < Math.round(0.8 * IntensityProfile.SCALE) ? 0 : 1;
            int expected = blk[off] & 1 | basis << 1 | cls << 2;
            assertThat(a.state(s)).as("slot %d", s).isEqualTo(expected);
            cells[cls * 2 + basis]++;
            z += basis == 0 ? 1 : 0;
        }
        assertThat(a.countCells()).containsExactly(cells);
        assertThat(a.countByIntensity())
                .containsExactly(cells[0] + cells[1], cells[2] + cells[3], cells[4] + cells[5]);
        assertThat(z / (double) n).isBetween(0.78, 0.82);
        assertThat(a.pRectilinear()).isEqualTo(0.8);
        assertThatThrownBy(() -> new CtrSlotStateSource(KEY, 5, n, profile, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
        // the unbiased layout is unchanged (the SPI front-end expands it)
        CtrSlotStateSource plain = new CtrSlotStateSource(KEY, 5, 64, profile);
        CtrSlotStateSource half = new CtrSlotStateSource(KEY, 5, 64, profile, 0.5);
        for (int s = 0; s < 64; s++) {
            assertThat(half.state(s)).isEqualTo(plain.state(s));
        }
    }
}
