package io.qkdmodem.agent.qtls.discussion;

import io.qkdmodem.agent.qtls.QtlsFatalAlert;

/**
 * One side of the BB84 public discussion, sans-IO: the engine sends whatever {@link
 * #nextOutbound()} gives (each as one Bb84Discussion handshake message) and hands every received
 * one to {@link #onInbound}. Failures are fatal alerts ({@code eavesdropping_detected} when the
 * QBER estimate is above the threshold, {@code key_distillation_failed} when error correction or
 * verification fails, {@code decode_error} on malformed input).
 */
public interface Bb84Discussion {

    /** The next message to send, or null when this side waits for the peer (or is done). */
    byte[] nextOutbound() throws QtlsFatalAlert;

    void onInbound(byte[] message) throws QtlsFatalAlert;

    boolean isComplete();

    /** The distilled key and figures; only once {@link #isComplete()}. */
    DistillationResult result();

    /** Zeroizes whatever key material this side still holds. */
    void destroy();
}
