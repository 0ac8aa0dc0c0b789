package io.qkdmodem.keystore;

/**
 * Names one reservation, unique forever on this store: it is never handed out again, also after
 * restarts and power cuts. Eight bytes on the wire ({@link #value()}, big-endian).
 */
public record Reference(long value) {

    @Override
    public String toString() {
        return "ref:" + Long.toHexString(value);
    }
}
