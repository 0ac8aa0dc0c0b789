package io.qkdmodem.agent.qtls.message;

/** A handshake message body; {@link #frame} adds the 4-byte header. */
public interface HandshakeMessage {

    int type();

    /** The body, without the handshake header. */
    byte[] encodeBody();

    /** {@code msg_type(1) length(3) body}: the bytes that go into handshake_messages. */
    default byte[] frame() {
        byte[] body = encodeBody();
        return new ByteWriter().u8(type()).opaque24(body).toByteArray();
    }
}
