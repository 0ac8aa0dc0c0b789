package io.qkdmodem.protocol.session;

import io.qkdmodem.protocol.message.ErrorCode;
import java.util.Objects;

/**
 * A {@link ModemBackend} operation that cannot be done; the session sends it to the host as an
 * ERROR response with {@link #code()}. The detail goes on the wire: never put key material in it.
 */
public final class ModemException extends Exception {

    private final ErrorCode code;
    private final String detail;

    public ModemException(ErrorCode code, String detail) {
        super(code + ": " + detail);
        this.code = Objects.requireNonNull(code);
        this.detail = Objects.requireNonNull(detail);
    }

    public ErrorCode code() {
        return code;
    }

    public String detail() {
        return detail;
    }
}
