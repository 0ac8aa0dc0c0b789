package io.qkdmodem.protocol.qkdconfig;

/** Named QKD Configuration messages. */
public enum QkdConfigProfile {
    /**
     * The paper's worked example (section 4.3 / DESIGN.md section 4): BB84, version 1, a 20-byte
     * key, TTL 200 messages (T = 0), no authentication, no encoding, no content. Encodes to {@code
     * 01 01 01 0000000f 00000014 0190 00 00}.
     */
    PAPER_BB84 {
        @Override
        public QkdConfigMessage message() {
            return QkdConfigMessage.builder()
                    .type(QkdType.UNCERTAINTY)
                    .protocol(QkdProtocol.BB84)
                    .version(1)
                    .keyLengthBytes(20)
                    .ttl(200, TtlUnit.MESSAGES)
                    .authentication(QkdAuthentication.NONE)
                    .encoding(QkdEncoding.NONE)
                    .build();
        }
    };

    /** A fresh message for this profile. */
    public abstract QkdConfigMessage message();
}
