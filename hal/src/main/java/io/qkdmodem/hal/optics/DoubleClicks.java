package io.qkdmodem.hal.optics;

import io.qkdmodem.hal.entropy.EntropyException;
import io.qkdmodem.hal.entropy.EntropySource;
import java.util.Arrays;

/**
 * Turns Bob's detector masks into a basis and a bit per click (detector {@code 2·basis + bit}). A
 * single click gives its detector's basis and bit. A double click (two or more detectors) gets a
 * uniformly random bit, and a random basis if detectors of both bases fired (the squashing model).
 * Those random bits become sifted key bits, so they come straight from the entropy source, fresh
 * for each frame: never from the key that drives the basis choice nor from a seeded generator.
 */
public final class DoubleClicks {
    private DoubleClicks() {}

    /**
     * Resolves the first {@code count} masks of {@code masks} into {@code out[i] = basis << 1 |
     * bit}, drawing two entropy bits per multi-detector click (one read per call, none if there is
     * no double click).
     *
     * @throws EntropyException if the entropy source fails (nothing is resolved then)
     */
    public static void resolve(int[] masks, int count, EntropySource entropy, int[] out)
            throws EntropyException {
        int doubles = 0;
        for (int i = 0; i < count; i++) {
            if (Integer.bitCount(masks[i] & 0x0f) > 1) {
                doubles++;
            }
        }
        byte[] random = new byte[(2 * doubles + 7) >>> 3];
        if (doubles > 0) {
            entropy.nextBytes(random);
        }
        try {
            int k = 0;
            for (int i = 0; i < count; i++) {
                int ch = masks[i] & 0x0f;
                if (ch == 0) {
                    throw new IllegalArgumentException("click without a detector");
                }
                if (Integer.bitCount(ch) == 1) {
                    int c = Integer.numberOfTrailingZeros(ch);
                    out[i] = (c >>> 1) << 1 | (c & 1);
                    continue;
                }
                int basisBit = bit(random, k++);
                int bit = bit(random, k++);
                boolean both = (ch & 3) != 0 && (ch & 12) != 0;
                int basis = both ? basisBit : (ch & 3) != 0 ? 0 : 1;
                out[i] = basis << 1 | bit;
            }
        } finally {
            Arrays.fill(random, (byte) 0);
        }
    }

    private static int bit(byte[] b, int i) {
        return b[i >>> 3] >>> (7 - (i & 7)) & 1;
    }
}
