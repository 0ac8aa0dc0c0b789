package io.qkdmodem.keystore;

/**
 * Figures of a key store at one instant.
 *
 * @param blocks key blocks with at least one bit still stored
 * @param availableBits bits neither reserved nor consumed
 * @param reservedBits bits reserved and not yet consumed
 * @param consumedBits bits of the consumed reservations the store still remembers
 * @param freeBytes bytes that can take new records without a garbage collection
 * @param reclaimableBytes bytes held by dead records (a collection would free them)
 * @param freeEraseBlocks erased log blocks ready for use
 * @param minEraseCount lowest erase count of the log blocks
 * @param maxEraseCount highest erase count of the log blocks
 * @param totalErases sum of the erase counts of all blocks
 * @param mountGeneration the generation of this mount (increments at each mount)
 */
public record KeyStoreStats(
        int blocks,
        long availableBits,
        long reservedBits,
        long consumedBits,
        long freeBytes,
        long reclaimableBytes,
        int freeEraseBlocks,
        long minEraseCount,
        long maxEraseCount,
        long totalErases,
        long mountGeneration) {}
