package io.qkdmodem.keystore;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A client-chosen id (1 to {@value #MAX_BYTES} bytes) that makes {@code reserve} idempotent: a
 * retried reserve with the same id returns the same reservation. Not secret.
 */
public final class RequestId {
    public static final int MAX_BYTES = 64;

    private final byte[] bytes;

    private RequestId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}; 1 to {@value #MAX_BYTES} bytes. */
    public static RequestId of(byte[] bytes) {
        if (bytes.length < 1 || bytes.length > MAX_BYTES) {
            throw new KeyStoreException(
                    KeyStoreException.Reason.INVALID_ARGUMENT,
                    "request id must be 1.." + MAX_BYTES + " bytes, got " + bytes.length);
        }
        return new RequestId(bytes.clone());
    }

    /** The UTF-8 bytes of {@code text}. */
    public static RequestId of(String text) {
        return of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestId r && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "req:" + HexFormat.of().formatHex(bytes);
    }
}
