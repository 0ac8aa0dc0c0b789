package io.qkdmodem.agent.qtls.message;

/**
 * ServerHello (RFC 5246 section 7.4.1.3 shape): {@code server_version(2) random(32)
 * session_id<0..32> cipher_suite(2) compression_method(1)} then ours: {@code mode(1)} and {@code
 * mlkem_ciphertext<0..2^16-1>} (empty unless the suite is hybrid).
 */
public record ServerHello(
        int version,
        byte[] random,
        byte[] sessionId,
        int cipherSuite,
        int mode,
        byte[] mlkemCiphertext)
        implements HandshakeMessage {

    @Override
    public int type() {
        return HandshakeType.SERVER_HELLO;
    }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter()
                .u16(version)
                .bytes(random)
                .opaque8(sessionId)
                .u16(cipherSuite)
                .u8(0)
                .u8(mode)
                .opaque16(mlkemCiphertext)
                .toByteArray();
    }

    public static ServerHello decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        int version = r.u16();
        byte[] random = r.bytes(ClientHello.RANDOM_LENGTH);
        byte[] sid = r.opaque8(ClientHello.MAX_SESSION_ID);
        int suite = r.u16();
        if (r.u8() != 0) {
            throw new DecodeException("compression is not supported");
        }
        int mode = r.u8();
        byte[] ct = r.opaque16(0xFFFF);
        r.expectEnd();
        return new ServerHello(version, random, sid, suite, mode, ct);
    }
}
