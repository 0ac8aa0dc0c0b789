package io.qkdmodem.agent.qtls;

import java.util.HexFormat;

/**
 * Public facts about an established session, for logs, {@code status} and tests. Never holds key
 * material.
 *
 * @param cipherSuite the negotiated suite
 * @param order where CertificateVerify sat
 * @param sessionId the server-chosen session id
 * @param peerSubject the peer certificate's subject
 * @param keyReference the sifted-key reference the handshake consumed
 * @param qber the estimated QBER
 * @param siftedBits sifted bits that entered the discussion
 * @param finalKeyBytes bytes the distillation produced (K + replenish slice + surplus)
 * @param leakedBits bits leaked by error correction and verification
 */
public record QtlsSessionInfo(
        CipherSuite cipherSuite,
        AuthenticationOrder order,
        byte[] sessionId,
        String peerSubject,
        String keyReference,
        double qber,
        int siftedBits,
        int finalKeyBytes,
        long leakedBits) {

    @Override
    public String toString() {
        return String.format(
                "QtlsSession[%s, %s, id=%s, peer=%s, %s, qber=%.4f, sifted=%d, final=%dB,"
                        + " leaked=%d]",
                cipherSuite,
                order,
                HexFormat.of().formatHex(sessionId),
                peerSubject,
                keyReference,
                qber,
                siftedBits,
                finalKeyBytes,
                leakedBits);
    }
}
