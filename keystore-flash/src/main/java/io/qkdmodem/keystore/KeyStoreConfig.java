package io.qkdmodem.keystore;

/**
 * Settings of a key store. {@code segmentBits} is fixed at format time (stored in the header); the
 * others apply per mount.
 *
 * @param segmentBits bits per sealed segment: the granule of reservation and zeroization; power of
 *     two in [128, 8192]; default 1024
 * @param minFreeBlocks erased log blocks kept in reserve for garbage collection; [1, 8]; default 2
 * @param consumedRetention consumed reservations remembered for request-id idempotence after their
 *     records could be dropped; [0, 1_000_000]; default 1024
 * @param wearLevelDelta erase-count spread between the most and least worn log blocks above which
 *     the collector moves cold data out of the least worn block; [2, 1_000_000]; default 64
 */
public record KeyStoreConfig(
        int segmentBits, int minFreeBlocks, int consumedRetention, int wearLevelDelta) {

    public KeyStoreConfig {
        require(
                Integer.bitCount(segmentBits) == 1 && segmentBits >= 128 && segmentBits <= 8192,
                "segmentBits must be a power of two in [128, 8192], got " + segmentBits);
        require(
                minFreeBlocks >= 1 && minFreeBlocks <= 8,
                "minFreeBlocks must be in [1, 8], got " + minFreeBlocks);
        require(
                consumedRetention >= 0 && consumedRetention <= 1_000_000,
                "consumedRetention must be in [0, 1000000], got " + consumedRetention);
        require(
                wearLevelDelta >= 2 && wearLevelDelta <= 1_000_000,
                "wearLevelDelta must be in [2, 1000000], got " + wearLevelDelta);
    }

    public static KeyStoreConfig defaults() {
        return new KeyStoreConfig(1024, 2, 1024, 64);
    }

    public KeyStoreConfig withSegmentBits(int v) {
        return new KeyStoreConfig(v, minFreeBlocks, consumedRetention, wearLevelDelta);
    }

    public KeyStoreConfig withMinFreeBlocks(int v) {
        return new KeyStoreConfig(segmentBits, v, consumedRetention, wearLevelDelta);
    }

    public KeyStoreConfig withConsumedRetention(int v) {
        return new KeyStoreConfig(segmentBits, minFreeBlocks, v, wearLevelDelta);
    }

    public KeyStoreConfig withWearLevelDelta(int v) {
        return new KeyStoreConfig(segmentBits, minFreeBlocks, consumedRetention, v);
    }

    private static void require(boolean ok, String rule) {
        if (!ok) {
            throw new KeyStoreException(KeyStoreException.Reason.INVALID_ARGUMENT, rule);
        }
    }
}
