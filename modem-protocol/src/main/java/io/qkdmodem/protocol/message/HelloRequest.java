package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Objects;

/**
 * HELLO from the host: versions it speaks, its role, capabilities, a fresh 16-byte nonce for the
 * challenge-response, its id and software version. Payload: min u8, max u8, role u8, capabilities
 * u32, nonce[16], idLen u8, id, swLen u8, sw (UTF-8).
 */
public record HelloRequest(
        int minVersion,
        int maxVersion,
        Role role,
        long capabilities,
        byte[] nonce,
        byte[] hostId,
        String softwareVersion)
        implements Message {

    public static final int NONCE_LENGTH = 16;

    public HelloRequest {
        Objects.requireNonNull(role);
        if (minVersion < 1 || maxVersion < minVersion || maxVersion > 255) {
            throw new IllegalArgumentException("versions must satisfy 1 <= min <= max <= 255");
        }
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce has " + NONCE_LENGTH + " bytes");
        }
        Strings.checkId(hostId);
        Strings.check(softwareVersion);
        nonce = nonce.clone();
        hostId = hostId.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO;
    }

    @Override
    public boolean isResponse() {
        return false;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u8(minVersion).u8(maxVersion).u8(role.code()).u32(capabilities).bytes(nonce);
        w.u8(hostId.length).bytes(hostId);
        Strings.write(w, softwareVersion);
    }
}
