package io.qkdmodem.rig.orchestration;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The two host agents: the server agent beside Alice's modem, whose tunnel forwards to the rig's
 * echo service, and the client agent beside Bob's, whose tunnel the rig connects to.
 */
public interface AgentPair extends AutoCloseable {

    /**
     * Opens one application connection through the client's tunnel, which runs one Quantum TLS
     * handshake between the agents.
     *
     * @throws HandshakeAbortedException when the handshake ends without a key (for example the QBER
     *     was over the threshold)
     */
    TunnelSession connect() throws RigException, HandshakeAbortedException;

    @Override
    void close() throws Exception;

    /** One application connection through the tunnel, with the figures of its handshake. */
    interface TunnelSession extends AutoCloseable {
        InputStream in();

        OutputStream out();

        HandshakeFigures figures();

        @Override
        void close() throws Exception;
    }

    /**
     * What a completed handshake reports.
     *
     * @param siftedBitsUsed sifted bits the discussion consumed
     * @param qber QBER estimated from the disclosed sample
     * @param secretBits length of K (the final key)
     * @param handshakeMs wall time of the handshake
     * @param singlePhotonBits what the single-photon bound (Tomamichel et al. 2012) would give for
     *     the same block, sample, QBER estimate and leak: the figure the decoy-state bound is
     *     compared with (equal to {@code secretBits} where the single-photon model sized the key)
     */
    record HandshakeFigures(
            long siftedBitsUsed,
            double qber,
            long secretBits,
            long handshakeMs,
            long singlePhotonBits) {

        /** Figures of a handshake whose key the single-photon model sized. */
        public HandshakeFigures(
                long siftedBitsUsed, double qber, long secretBits, long handshakeMs) {
            this(siftedBitsUsed, qber, secretBits, handshakeMs, secretBits);
        }
    }
}
