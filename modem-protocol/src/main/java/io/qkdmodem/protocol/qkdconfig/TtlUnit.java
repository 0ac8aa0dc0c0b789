package io.qkdmodem.protocol.qkdconfig;

/** The T bit: what the TTL counts. */
public enum TtlUnit {
    /** T = 0: the TTL is a number of messages. */
    MESSAGES(0),
    /** T = 1: the TTL is a number of seconds. */
    SECONDS(1);

    private final int bit;

    TtlUnit(int bit) {
        this.bit = bit;
    }

    /** The value of the T bit. */
    public int bit() {
        return bit;
    }

    public static TtlUnit fromBit(int bit) {
        return (bit & 1) == 1 ? SECONDS : MESSAGES;
    }
}
