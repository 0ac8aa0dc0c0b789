package io.qkdmodem.hal.optics;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.hal.entropy.EntropyKind;
import io.qkdmodem.hal.entropy.EntropySource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

// AUDIT finding 14: double-click bits (which become key bits) came from a SplittableRandom seeded
// with bytes of the AES key that also drives Bob's basis choices. They now come from the entropy
// source itself, two fresh bits per double click.
class DoubleClicksTest {
    /** Hands out the given byte for every byte asked for, and records each request's size. */
    static final class FixedEntropy implements EntropySource {
        final byte value;
        final List<Integer> requests = new ArrayList<>();

        FixedEntropy(int value) {
            this.value = (byte) value;
        }

        @Override
        public EntropyKind kind() {
            return EntropyKind.SIMULATION_DRBG;
        }

        @Override
        public String description() {
            return "fixed";
        }

        @Override
        public double claimedMinEntropyPerByte() {
            return 8;
        }

        @Override
        public void nextBytes(byte[] out) {
            requests.add(out.length);
            java.util.Arrays.fill(out, value);
        }

        @Override
        public void close() {}
    }

    static final int[] MASKS = {0b0001, 0b0011, 0b0101, 0b1000};

    @Test
    void singleClicksNeedNoEntropyAndKeepTheirDetector() throws Exception {
        FixedEntropy e = new FixedEntropy(0xff);
        int[] out = new int[2];
        DoubleClicks.resolve(new int[] {0b0100, 0b0010}, 2, e, out);
        assertThat(out).containsExactly(1 << 1 | 0, 0 << 1 | 1);
        assertThat(e.requests).isEmpty();
    }

    @Test
    void doubleClicksTakeTheirBitsFromTheEntropySource() throws Exception {
        // bits 1011 0000: first double (basis-0 detectors only) basis bit 1 ignored, bit 0;
        // second double (both bases) basis 1, bit 1
        FixedEntropy e = new FixedEntropy(0b1011_0000);
        int[] out = new int[4];
        DoubleClicks.resolve(MASKS, 4, e, out);
        assertThat(out).containsExactly(0, 0 << 1 | 0, 1 << 1 | 1, 1 << 1 | 1);
        assertThat(e.requests).containsExactly(1);

        FixedEntropy zeros = new FixedEntropy(0);
        DoubleClicks.resolve(MASKS, 4, zeros, out);
        assertThat(out).containsExactly(0, 0, 0, 1 << 1 | 1);

        FixedEntropy ones = new FixedEntropy(0xff);
        DoubleClicks.resolve(MASKS, 4, ones, out);
        assertThat(out).containsExactly(0, 0 << 1 | 1, 1 << 1 | 1, 1 << 1 | 1);
    }
}
