package io.qkdmodem.agent.qtls.discussion;

import io.qkdmodem.agent.qtls.crypto.QtlsSecret;

/**
 * What one discussion distilled: the final key (secret) and public figures about it.
 *
 * @param finalKey the privacy-amplified key, owned by the receiver
 * @param qber the estimated quantum bit error rate
 * @param siftedBits sifted bits that entered the discussion
 * @param disclosedBits bits disclosed for the estimate
 * @param leakedBits bits leaked by error correction and verification
 */
public record DistillationResult(
        QtlsSecret finalKey, double qber, int siftedBits, int disclosedBits, long leakedBits) {

    @Override
    public String toString() {
        return String.format(
                "DistillationResult[finalBytes=%d, qber=%.4f, sifted=%d, disclosed=%d, leaked=%d]",
                finalKey.isDestroyed() ? 0 : finalKey.length(),
                qber,
                siftedBits,
                disclosedBits,
                leakedBits);
    }
}
