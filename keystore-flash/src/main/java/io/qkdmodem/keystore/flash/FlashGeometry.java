package io.qkdmodem.keystore.flash;

/**
 * Shape of a NOR flash: {@code blockCount} erase blocks of {@code blockSize} bytes, each made of
 * program pages of {@code pageSize} bytes; a block fails after {@code endurance} erases.
 */
public record FlashGeometry(int pageSize, int blockSize, int blockCount, long endurance) {
    public FlashGeometry {
        if (pageSize < 64 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException(
                    "pageSize must be a power of two >= 64, got " + pageSize);
        }
        if (blockSize < pageSize || blockSize % pageSize != 0 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException(
                    "blockSize must be a power-of-two multiple of pageSize, got " + blockSize);
        }
        if (blockCount < 4) {
            throw new IllegalArgumentException("blockCount must be >= 4, got " + blockCount);
        }
        if (endurance < 1) {
            throw new IllegalArgumentException("endurance must be >= 1, got " + endurance);
        }
        if ((long) blockSize * blockCount > (1L << 40)) {
            throw new IllegalArgumentException("device larger than 1 TiB");
        }
    }

    /** Typical NOR endurance: 100 000 erase cycles per block. */
    public static final long TYPICAL_ENDURANCE = 100_000;

    public static FlashGeometry of(int pageSize, int blockSize, int blockCount) {
        return new FlashGeometry(pageSize, blockSize, blockCount, TYPICAL_ENDURANCE);
    }

    public long capacity() {
        return (long) blockSize * blockCount;
    }

    public int pagesPerBlock() {
        return blockSize / pageSize;
    }

    public long blockAddress(int block) {
        return (long) block * blockSize;
    }
}
