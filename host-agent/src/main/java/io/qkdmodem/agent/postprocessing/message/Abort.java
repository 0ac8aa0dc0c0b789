package io.qkdmodem.agent.postprocessing.message;

/**
 * Either side gives up; {@code reason} is the ordinal code of the sender's failure reason (see
 * {@code io.qkdmodem.agent.postprocessing.FailureReason#code()}). Body: reason u8.
 */
public record Abort(int reason) implements PostProcessingMessage {
    public static final int TYPE = 0x08;

    public Abort {
        if (reason < 0 || reason > 255) {
            throw new IllegalArgumentException("reason is one byte");
        }
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public byte[] encode() {
        return new byte[] {(byte) TYPE, (byte) reason};
    }

    static Abort decodeBody(ByteReader r) throws MalformedMessageException {
        return new Abort(r.u8("reason"));
    }
}
