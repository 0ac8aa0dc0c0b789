package io.qkdmodem.keystore;

/**
 * A sifted key block as the firmware hands it to {@link KeyStore#append}: the id both modems gave
 * it, when its acquisition ended, the counts parameter estimation needs, and the bits (a handle the
 * caller still owns).
 */
public record KeyBlock(
        long blockId, long acquiredAtEpochMillis, AcquisitionCounts counts, KeyMaterial bits) {
    public KeyBlock {
        if (bits.bitLength() <= 0) {
            throw new KeyStoreException(
                    KeyStoreException.Reason.INVALID_ARGUMENT, "empty key block " + blockId);
        }
    }
}
