package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Objects;

/**
 * HELLO answer from the modem: the chosen version, its role, capabilities, its 16-byte nonce,
 * device id and firmware version. Payload: version u8, role u8, capabilities u32, nonce[16], idLen
 * u8, id, fwLen u8, fw (UTF-8).
 */
public record HelloResponse(
        int version,
        Role role,
        long capabilities,
        byte[] nonce,
        byte[] deviceId,
        String firmwareVersion)
        implements Message {

    public HelloResponse {
        Objects.requireNonNull(role);
        if (version < 1 || version > 255) {
            throw new IllegalArgumentException("version must be 1..255");
        }
        if (nonce.length != HelloRequest.NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce has 16 bytes");
        }
        Strings.checkId(deviceId);
        Strings.check(firmwareVersion);
        nonce = nonce.clone();
        deviceId = deviceId.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO;
    }

    @Override
    public boolean isResponse() {
        return true;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u8(version).u8(role.code()).u32(capabilities).bytes(nonce);
        w.u8(deviceId.length).bytes(deviceId);
        Strings.write(w, firmwareVersion);
    }
}
