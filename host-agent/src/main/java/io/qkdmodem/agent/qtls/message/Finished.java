package io.qkdmodem.agent.qtls.message;

/** Finished (RFC 5246 section 7.4.9): {@code verify_data[12]}. */
public record Finished(byte[] verifyData) implements HandshakeMessage {
    public static final int VERIFY_DATA_LENGTH = 12;

    @Override
    public int type() {
        return HandshakeType.FINISHED;
    }

    @Override
    public byte[] encodeBody() {
        return verifyData.clone();
    }

    public static Finished decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        byte[] v = r.bytes(VERIFY_DATA_LENGTH);
        r.expectEnd();
        return new Finished(v);
    }
}
