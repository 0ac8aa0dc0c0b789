package io.qkdmodem.agent.qtls.keysource;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The name of a reserved piece of sifted key, as the server's modem assigned it and as the client's
 * modem looks it up (opaque to the agent; at most {@link #MAX_LENGTH} bytes on the wire). Not
 * secret.
 */
public final class KeyReference {
    public static final int MAX_LENGTH = 64;

    private final byte[] id;

    public KeyReference(byte[] id) {
        if (id.length == 0 || id.length > MAX_LENGTH) {
            throw new IllegalArgumentException("key reference must be 1.." + MAX_LENGTH + " bytes");
        }
        this.id = id.clone();
    }

    public byte[] id() {
        return id.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyReference r && Arrays.equals(id, r.id);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(id);
    }

    @Override
    public String toString() {
        return "ref:" + HexFormat.of().formatHex(id);
    }
}
