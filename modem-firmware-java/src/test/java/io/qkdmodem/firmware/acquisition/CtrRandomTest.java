package io.qkdmodem.firmware.acquisition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

// AUDIT finding 14: the monitor's sample positions came from a SplittableRandom seeded with 64
// entropy bits; its outputs reveal its state, so Eve could predict every later sample.
class CtrRandomTest {
    static byte[] seed(int b) {
        byte[] s = new byte[CtrRandom.SEED_BYTES];
        Arrays.fill(s, (byte) b);
        return s;
    }

    /** The specification, computed with the JCA directly: AES-256-CTR, fast key erasure. */
    static long[] reference(byte[] seed, int n) throws Exception {
        long[] out = new long[n];
        byte[] key = seed.clone();
        int done = 0;
        while (done < n) {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new IvParameterSpec(new byte[16]));
            byte[] stream = c.doFinal(new byte[32 + CtrRandom.CHUNK]);
            key = Arrays.copyOf(stream, 32);
            ByteBuffer b = ByteBuffer.wrap(stream, 32, CtrRandom.CHUNK);
            for (int i = 0; i < CtrRandom.CHUNK / 8 && done < n; i++) {
                out[done++] = b.getLong();
            }
        }
        return out;
    }

    @Test
    void outputIsTheAesCtrStreamAfterTheNextKey() throws Exception {
        CtrRandom r = new CtrRandom(seed(3));
        int n = 3 * CtrRandom.CHUNK / 8 + 5; // crosses two rekeyings
        long[] got = new long[n];
        for (int i = 0; i < n; i++) {
            got[i] = r.nextLong();
        }
        assertThat(got).containsExactly(reference(seed(3), n));
        assertThat(new CtrRandom(seed(4)).nextLong()).isNotEqualTo(got[0]);
    }

    @Test
    void samplesAreNotTheSplittableRandomOnesAndLookUniform() {
        CtrRandom r = new CtrRandom(seed(0));
        SplittableRandom old = new SplittableRandom(0);
        int hits = 0;
        int same = 0;
        for (int i = 0; i < 20_000; i++) {
            double d = r.nextDouble();
            if (d < 0.1) {
                hits++;
            }
            if (d == old.nextDouble()) {
                same++;
            }
        }
        assertThat(same).isZero();
        assertThat(hits).isBetween(1_800, 2_200); // 0.1 of 20000 within ~5 sigma
        assertThat(r.toString()).isEqualTo("CtrRandom");
    }
}
