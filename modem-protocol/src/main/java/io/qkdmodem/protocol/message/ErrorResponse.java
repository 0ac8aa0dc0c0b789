package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Objects;

/**
 * ERROR answer to the request with the same sequence number. Payload: code u16, detailLen u8,
 * detail (UTF-8, never key material).
 */
public record ErrorResponse(ErrorCode code, String detail) implements Message {

    public ErrorResponse {
        Objects.requireNonNull(code);
        Objects.requireNonNull(detail);
        byte[] b = detail.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (b.length > Strings.MAX_BYTES) {
            detail = new String(b, 0, 200, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Override
    public MessageType type() {
        return MessageType.ERROR;
    }

    @Override
    public boolean isResponse() {
        return true;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u16(code.code());
        Strings.write(w, detail);
    }
}
