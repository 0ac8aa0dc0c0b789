package io.qkdmodem.agent.postprocessing.bits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BitVectorTest {

    @Test
    void rangeParityMatchesBitByBit() {
        Random r = new Random(11);
        BitVector v = BitVector.random(1000, r);
        for (int t = 0; t < 3000; t++) {
            int a = r.nextInt(1001);
            int b = a + r.nextInt(1001 - a);
            int p = 0;
            for (int i = a; i < b; i++) {
                p ^= v.bit(i);
            }
            assertThat(v.parity(a, b)).as("[%d,%d)", a, b).isEqualTo(p);
        }
    }

    @Test
    void bytesRoundTripAndSelection() {
        Random r = new Random(12);
        for (int len : new int[] {0, 1, 7, 8, 9, 63, 64, 65, 1000}) {
            BitVector v = BitVector.random(len, r);
            assertThat(BitVector.fromBytes(v.toBytes(), len).sameBits(v)).isTrue();
        }
        BitVector v = BitVector.random(200, r);
        int[] pos = {0, 5, 63, 64, 199};
        BitVector sel = v.select(pos);
        BitVector rest = v.without(pos);
        assertThat(sel.length() + rest.length()).isEqualTo(200);
        for (int i = 0; i < pos.length; i++) {
            assertThat(sel.get(i)).isEqualTo(v.get(pos[i]));
        }
        assertThat(rest.get(0)).isEqualTo(v.get(1));
        assertThat(rest.get(194)).isEqualTo(v.get(198));
        assertThat(v.toString()).isEqualTo("BitVector[200 bits]");
        v.destroy();
        assertThat(v.cardinality()).isZero();
    }

    @Test
    void splitMixBoundedIsInRangeAndDeterministic() {
        SplitMix64 a = new SplitMix64(9);
        SplitMix64 b = new SplitMix64(9);
        for (int i = 0; i < 10_000; i++) {
            int bound = 1 + (i % 1000);
            int x = a.nextInt(bound);
            assertThat(x).isBetween(0, bound - 1).isEqualTo(b.nextInt(bound));
        }
        // SplitMix64 reference output for seed 0 (first value, from the published algorithm)
        assertThat(new SplitMix64(0).nextLong()).isEqualTo(0xE220A8397B1DCDAFL);
    }
}
