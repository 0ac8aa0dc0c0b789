package io.qkdmodem.protocol.session;

import io.qkdmodem.protocol.message.ErrorCode;
import java.util.Objects;

/** A request that failed: an ERROR response from the modem, a timeout, or a closed session. */
public final class ProtocolException extends Exception {

    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String detail) {
        super(code + ": " + detail);
        this.code = Objects.requireNonNull(code);
    }

    public ErrorCode code() {
        return code;
    }
}
