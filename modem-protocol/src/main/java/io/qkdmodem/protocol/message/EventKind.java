package io.qkdmodem.protocol.message;

/**
 * Kinds of EVENT, and their bit in a SUBSCRIBE mask ({@code 1 << code}). Each carries one u64
 * value, whose meaning is given per kind.
 */
public enum EventKind {
    /** A key block became available; value = unreserved key bits now available. */
    BLOCK_READY(0),
    /** QBER above the alarm threshold; value = QBER in parts per million. */
    QBER_ALARM(1),
    /** An entropy-source health test failed; value = the failing test's id. */
    ENTROPY_ALARM(2),
    /** The modem-to-modem link went down; value = 0. */
    LINK_DOWN(3),
    /** The key store is full; value = stored bits. */
    STORE_FULL(4),
    /** The modem-link authentication pool runs low; value = pool bits left. */
    POOL_LOW(5);

    private final int code;

    EventKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public int maskBit() {
        return 1 << code;
    }

    /** Mask of every kind. */
    public static int allMask() {
        int m = 0;
        for (EventKind k : values()) {
            m |= k.maskBit();
        }
        return m;
    }

    public static EventKind fromCode(int code) {
        for (EventKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
