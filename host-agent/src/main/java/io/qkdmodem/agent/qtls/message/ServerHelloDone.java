package io.qkdmodem.agent.qtls.message;

/** ServerHelloDone (RFC 5246 section 7.4.5): an empty body. */
public record ServerHelloDone() implements HandshakeMessage {

    @Override
    public int type() {
        return HandshakeType.SERVER_HELLO_DONE;
    }

    @Override
    public byte[] encodeBody() {
        return new byte[0];
    }

    public static ServerHelloDone decode(byte[] body) throws DecodeException {
        new ByteReader(body).expectEnd();
        return new ServerHelloDone();
    }
}
