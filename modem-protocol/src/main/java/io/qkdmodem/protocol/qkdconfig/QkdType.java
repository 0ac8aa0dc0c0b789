package io.qkdmodem.protocol.qkdconfig;

/**
 * The Type field: the physical principle the quantum key protocol rests on (paper section 4.3:
 * "protocols based on the Heisenberg's Uncertainty Principle as BB84 or the Bell's Inequality as
 * E91"). Codes are ours; see docs/protocol/qkd-config.md.
 */
public enum QkdType {
    /** Prepare-and-measure protocols resting on the uncertainty principle (BB84, B92). */
    UNCERTAINTY(0x01),
    /** Entanglement-based protocols resting on Bell's inequality (E91). */
    ENTANGLEMENT(0x02);

    private final int code;

    QkdType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this code, or {@code null} if no type has it. */
    public static QkdType fromCode(int code) {
        for (QkdType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
