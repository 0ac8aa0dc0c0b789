package io.qkdmodem.protocol.message;

/** Who speaks in a HELLO. */
public enum Role {
    HOST(0x01),
    MODEM(0x02);

    private final int code;

    Role(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Role fromCode(int code) {
        for (Role r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return null;
    }
}
