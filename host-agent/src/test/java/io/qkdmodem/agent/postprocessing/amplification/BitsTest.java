package io.qkdmodem.agent.postprocessing.amplification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BitsTest {

    private static boolean bit(long[] a, int i) {
        return ((a[i >>> 6] >>> i) & 1L) != 0;
    }

    @Test
    void xorBitsMatchesBitByBitXorForAnyAlignment() {
        long seed = 4242;
        Random r = new Random(seed);
        for (int k = 0; k < 3000; k++) {
            long[] src = new long[8];
            long[] dst = new long[8];
            for (int i = 0; i < 8; i++) {
                src[i] = r.nextLong();
                dst[i] = r.nextLong();
            }
            int len = r.nextInt(7 * 64);
            int s = r.nextInt(8 * 64 - len + 1);
            int d = r.nextInt(8 * 64 - len + 1);
            long[] expected = dst.clone();
            for (int i = 0; i < len; i++) {
                if (bit(src, s + i)) {
                    expected[(d + i) >>> 6] ^= 1L << (d + i);
                }
            }
            Bits.xorBits(dst, d, src, s, len);
            assertThat(dst).as("d=%d s=%d len=%d seed=%d", d, s, len, seed).isEqualTo(expected);
        }
    }

    @Test
    void transpose64SwapsRowAndColumn() {
        Random r = new Random(64);
        long[] a = new long[70];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextLong();
        }
        long[] t = a.clone();
        Bits.transpose64(t, 3);
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 64; j++) {
                assertThat(bit(t, (3 + j) * 64 + i)).isEqualTo(bit(a, (3 + i) * 64 + j));
            }
        }
        assertThat(t[0]).isEqualTo(a[0]);
        assertThat(t[69]).isEqualTo(a[69]);
    }
}
