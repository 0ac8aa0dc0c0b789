package io.qkdmodem.hal.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Corrupt fiber frames are rejected with IOException, never anything else. */
class ArrivalsFuzzTest {
    @Test
    void corruptFramesFailCleanly() throws IOException {
        Arrivals.Builder b = new Arrivals.Builder(3, 1000, 8);
        for (int s = 0; s < 1000; s += 37) {
            b.add(s, s & 3, 1 + s % 5);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        b.build().writeTo(new DataOutputStream(bytes));
        byte[] good = bytes.toByteArray();
        long seed = 4242;
        Random r = new Random(seed);
        int rejected = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] bad = good.clone();
            int flips = 1 + r.nextInt(3);
            for (int f = 0; f < flips; f++) {
                bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
            }
            int cut = r.nextInt(4) == 0 ? r.nextInt(bad.length) : bad.length;
            try {
                Arrivals a =
                        Arrivals.readFrom(
                                new DataInputStream(new ByteArrayInputStream(bad, 0, cut)));
                // a flip that still decodes must give a well-formed frame
                for (int k = 1; k < a.size(); k++) {
                    assertThat(a.slot(k)).as("seed %d", seed).isGreaterThan(a.slot(k - 1));
                }
            } catch (IOException expected) {
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(1000);
    }
}
