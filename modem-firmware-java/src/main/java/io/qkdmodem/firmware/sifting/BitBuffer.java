package io.qkdmodem.firmware.sifting;

import java.util.Arrays;

/** A growable buffer of bits, packed most-significant bit first. Zeroizable. Not thread-safe. */
final class BitBuffer {
    private byte[] bits = new byte[64];
    private int length;

    void append(int bit) {
        if (length >>> 3 == bits.length) {
            byte[] grown = Arrays.copyOf(bits, bits.length * 2);
            Arrays.fill(bits, (byte) 0);
            bits = grown;
        }
        if (bit != 0) {
            bits[length >>> 3] |= (byte) (0x80 >>> (length & 7));
        }
        length++;
    }

    int length() {
        return length;
    }

    /** A packed copy of the first {@code n} bits; the caller owns it. */
    byte[] copyOf(int n) {
        byte[] out = Arrays.copyOf(bits, (n + 7) >>> 3);
        if ((n & 7) != 0) {
            out[out.length - 1] &= (byte) (0xFF << (8 - (n & 7)));
        }
        return out;
    }

    void wipe() {
        Arrays.fill(bits, (byte) 0);
        length = 0;
    }
}
