package io.qkdmodem.agent.qtls;

import io.qkdmodem.agent.qtls.record.RecordAlgorithm;

/**
 * Quantum TLS cipher suites. Key exchange is always BB84 (the QKD final key K is the
 * pre_master_secret); hybrid suites concatenate an ML-KEM-768 shared secret after K. Ids are in
 * TLS's private-use range {0xFF, xx}; the PRF and transcript hash are SHA-256 for all.
 */
public enum CipherSuite {
    QKD_BB84_WITH_AES_256_GCM_SHA256(0xFF01, RecordAlgorithm.AES_256_GCM, false),
    QKD_BB84_WITH_CHACHA20_POLY1305_SHA256(0xFF02, RecordAlgorithm.CHACHA20_POLY1305, false),
    /** One-time pad with Wegman-Carter tags; chosen exactly when TTL = 1 message. */
    QKD_BB84_WITH_OTP_WEGMAN_CARTER_SHA256(0xFF03, RecordAlgorithm.OTP_WEGMAN_CARTER, false),
    QKD_BB84_MLKEM768_WITH_AES_256_GCM_SHA256(0xFF11, RecordAlgorithm.AES_256_GCM, true),
    QKD_BB84_MLKEM768_WITH_CHACHA20_POLY1305_SHA256(
            0xFF12, RecordAlgorithm.CHACHA20_POLY1305, true);

    private final int id;
    private final RecordAlgorithm recordAlgorithm;
    private final boolean hybrid;

    CipherSuite(int id, RecordAlgorithm recordAlgorithm, boolean hybrid) {
        this.id = id;
        this.recordAlgorithm = recordAlgorithm;
        this.hybrid = hybrid;
    }

    public int id() {
        return id;
    }

    public RecordAlgorithm recordAlgorithm() {
        return recordAlgorithm;
    }

    public boolean hybrid() {
        return hybrid;
    }

    public boolean oneTimePad() {
        return recordAlgorithm == RecordAlgorithm.OTP_WEGMAN_CARTER;
    }

    public static CipherSuite fromId(int id) {
        for (CipherSuite s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        return null;
    }
}
