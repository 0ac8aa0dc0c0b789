package io.qkdmodem.firmware.runtime;

import io.qkdmodem.firmware.config.Role;

/**
 * A snapshot of one firmware instance, for the status indicator, the STATUS command, logs and
 * tests. Never holds key material.
 *
 * @param role Alice or Bob
 * @param deviceId the board's id
 * @param phase what the acquisition engine is doing
 * @param peerLinkUp whether the modem-to-modem link is up (Hello exchanged)
 * @param blocksCommitted blocks appended and committed by both sides since start
 * @param blocksDiscarded blocks discarded (failed tag, store failure, peer reject) since start
 * @param lastBlockId the highest block id this side used
 * @param framesDone frames sifted since start
 * @param siftedKeyBits key bits appended since start
 * @param availableBits unreserved key bits in the store
 * @param qber the link monitor's QBER over its window (NaN before any sample)
 * @param qberAlarm whether the QBER alarm is raised
 * @param authPoolBytes unused bytes in the authentication pool
 * @param lastProblem the last error or alarm, or null
 */
public record FirmwareStatus(
        Role role,
        String deviceId,
        Phase phase,
        boolean peerLinkUp,
        long blocksCommitted,
        long blocksDiscarded,
        long lastBlockId,
        long framesDone,
        long siftedKeyBits,
        long availableBits,
        double qber,
        boolean qberAlarm,
        long authPoolBytes,
        String lastProblem) {

    /** What the acquisition engine is doing. */
    public enum Phase {
        STARTING,
        CONNECTING,
        ACQUIRING,
        /** The auth pool (here or at the peer) cannot pay for another block: replenish it. */
        AUTH_POOL_EMPTY,
        /** The optics failed; they are reopened after a pause. */
        OPTICS_FAULT,
        /** The peer's settings differ: acquisition cannot run until the configurations match. */
        SETTINGS_MISMATCH,
        /**
         * The engine hit an unexpected error (an Error such as OutOfMemoryError); acquisition has
         * stopped and the optics are safe: restart the firmware.
         */
        FAULT,
        STOPPED
    }

    /** Healthy: acquiring, no alarm. */
    public boolean healthy() {
        return phase == Phase.ACQUIRING && !qberAlarm;
    }
}
