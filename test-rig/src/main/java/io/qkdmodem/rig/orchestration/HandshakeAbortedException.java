package io.qkdmodem.rig.orchestration;

/** A Quantum TLS handshake ended without a key; the reason is the agent's, in one line. */
public final class HandshakeAbortedException extends Exception {

    private final double qber;
    private final long handshakeMs;

    /**
     * @param reason why (for example "eavesdropping detected: QBER 0.25 above threshold 0.11")
     * @param qber the QBER estimated before the abort, NaN if none
     * @param handshakeMs wall time until the abort
     */
    public HandshakeAbortedException(String reason, double qber, long handshakeMs) {
        super(reason);
        this.qber = qber;
        this.handshakeMs = handshakeMs;
    }

    public double qber() {
        return qber;
    }

    public long handshakeMs() {
        return handshakeMs;
    }
}
