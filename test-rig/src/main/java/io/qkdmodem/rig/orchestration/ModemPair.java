package io.qkdmodem.rig.orchestration;

/**
 * An Alice modem and a Bob modem running BB84 with each other, each serving its host link. Closing
 * stops both (laser off, stores flushed) and frees what they hold.
 */
public interface ModemPair extends AutoCloseable {

    /** Pulse slots Alice's modem has sent so far. */
    long pulsesSent();

    /** Sifted bits both stores hold and have announced to their hosts (the smaller of the two). */
    long siftedBitsAvailable();

    /** The QBER the modems' link monitor measures, NaN until it has a sample. */
    double monitoredQber();

    /**
     * The rig has stopped watching key accumulate: the host cables now belong to the agents. Modems
     * that watched through the host cables (boards: STATUS over the modem protocol) close those
     * sessions here and keep answering the methods above with their last figures.
     */
    default void handOverHostLinks() throws RigException {}

    @Override
    void close() throws Exception;
}
