package io.qkdmodem.firmware.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PolyHash61Test {
    static final BigInteger P = BigInteger.valueOf(PolyHash61.P);

    /** The definition, with BigInteger: chunks of 7 bytes, then the length, by Horner's rule. */
    static long reference(long key, byte[] m) {
        BigInteger k = BigInteger.valueOf(key & PolyHash61.P).mod(P);
        if (k.signum() == 0) {
            k = BigInteger.ONE;
        }
        BigInteger h = BigInteger.ZERO;
        for (int off = 0; off < m.length; off += 7) {
            byte[] chunk = new byte[8];
            System.arraycopy(m, off, chunk, 1, Math.min(7, m.length - off));
            h = h.add(new BigInteger(1, chunk)).multiply(k).mod(P);
        }
        h = h.add(BigInteger.valueOf(m.length)).multiply(k).mod(P);
        return h.longValueExact();
    }

    @Test
    void matchesTheDefinitionForRandomKeysAndLengths() {
        long seed = 20261126L;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 300; i++) {
            byte[] m = new byte[rnd.nextInt(200)];
            rnd.nextBytes(m);
            long key = rnd.nextLong();
            PolyHash61 h = new PolyHash61(key);
            // fed in random pieces: streaming must not change the result
            int off = 0;
            while (off < m.length) {
                int n = 1 + rnd.nextInt(m.length - off);
                h.update(m, off, n);
                off += n;
            }
            assertThat(h.finish()).as("seed %d, case %d", seed, i).isEqualTo(reference(key, m));
        }
    }

    @Test
    void extremeKeysReduceCorrectly() {
        byte[] m = new byte[50];
        java.util.Arrays.fill(m, (byte) 0xff);
        for (long key : new long[] {0, 1, PolyHash61.P, PolyHash61.P - 1, -1L, Long.MAX_VALUE}) {
            assertThat(new PolyHash61(key).update(m).finish()).isEqualTo(reference(key, m));
        }
    }

    @Test
    void lengthIsPartOfTheHash() {
        long key = 0x123456789abcdefL;
        assertThat(new PolyHash61(key).update(new byte[7]).finish())
                .isNotEqualTo(new PolyHash61(key).update(new byte[6]).finish());
    }

    @Test
    void wegmanCarterTagsDependOnMessageAndKey() {
        byte[] keys = new byte[32];
        new SplittableRandom(3).nextBytes(keys);
        long t1 = WegmanCarter.start(TagKey.of(keys, 0)).update(new byte[] {1, 2, 3}).finish();
        long t2 = WegmanCarter.start(TagKey.of(keys, 0)).update(new byte[] {1, 2, 4}).finish();
        long t3 = WegmanCarter.start(TagKey.of(keys, 16)).update(new byte[] {1, 2, 3}).finish();
        assertThat(t1).isNotEqualTo(t2).isNotEqualTo(t3);
        assertThat(WegmanCarter.tagsEqual(t1, t1)).isTrue();
        assertThat(TagKey.of(keys, 0).toString()).doesNotContainPattern("[0-9a-f]{8}");
    }
}
