package io.qkdmodem.keystore;

/**
 * A stored block without its bits: its metadata and how its bits stand. {@code availableBits} are
 * neither reserved nor consumed.
 */
public record KeyBlockInfo(
        long blockId,
        long acquiredAtEpochMillis,
        AcquisitionCounts counts,
        int totalBits,
        int availableBits,
        int reservedBits) {}
