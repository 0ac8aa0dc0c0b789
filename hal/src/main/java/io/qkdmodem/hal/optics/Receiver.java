package io.qkdmodem.hal.optics;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.SafeShutdown;
import java.time.Duration;

/**
 * Bob's optics: basis choice (active or passive) and two or four single-photon detectors. Per frame
 * it reports the clicked slots with basis, bit, double-click flag and which detectors fired ({@link
 * ClickReport}); that report and Alice's {@link SlotStateSource} are all sifting needs. Safe state:
 * detector gates off (and, on hardware, detector bias removed). Used by one thread at a time.
 */
public interface Receiver extends SafeShutdown, AutoCloseable {

    ReceiverInfo info();

    /**
     * Waits for frame {@code frameId} of {@code slotCount} slots and returns its clicks.
     *
     * @param timeout how long to wait for the frame to arrive
     * @throws HalException if the frame did not arrive in time, arrived with another id or slot
     *     count, or the hardware failed
     */
    ClickReport receive(long frameId, int slotCount, Duration timeout) throws HalException;

    /** Enters the safe state and releases the hardware. Idempotent. */
    @Override
    void close();
}
