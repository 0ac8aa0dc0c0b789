package io.qkdmodem.firmware.runtime;

/**
 * What a firmware instance reports as it runs (the host server turns these into protocol events).
 * Called from the engine thread; implementations return quickly and never throw.
 */
public interface FirmwareListener {

    /** A block is held durably by both modems; {@code availableBits} unreserved bits now. */
    default void blockReady(long blockId, long availableBits) {}

    /** The link monitor's QBER went above its threshold. */
    default void qberAlarm(double qber) {}

    /** A block was discarded on both sides (e.g. a failed authentication tag). */
    default void blockDiscarded(long blockId, String why) {}

    /** The modem-to-modem link went down. */
    default void linkDown() {}

    /** The auth pool cannot pay for another block (acquisition stopped until replenished). */
    default void authPoolEmpty(long poolBytes) {}

    /** The key store is full. */
    default void storeFull(long storedBits) {}
}
