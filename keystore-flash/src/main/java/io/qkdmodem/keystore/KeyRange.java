package io.qkdmodem.keystore;

/** A run of bits of one key block: bits {@code [bitOffset, bitOffset + bitLength)}. */
public record KeyRange(long blockId, int bitOffset, int bitLength) {
    public KeyRange {
        if (bitOffset < 0 || bitLength <= 0 || (long) bitOffset + bitLength > Integer.MAX_VALUE) {
            throw new KeyStoreException(
                    KeyStoreException.Reason.INVALID_ARGUMENT,
                    "bad range offset=" + bitOffset + " length=" + bitLength);
        }
    }

    public int endBit() {
        return bitOffset + bitLength;
    }
}
