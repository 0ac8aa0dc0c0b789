package io.qkdmodem.agent.qtls.message;

/**
 * Ours, either direction: {@code discussion_message<0..2^24-1>}, one public message of the BB84
 * discussion (its own layout is in docs/protocol/quantum-tls.md). Every one of them is part of
 * handshake_messages, as paper section 4.5 demands.
 */
public record Bb84Discussion(byte[] payload) implements HandshakeMessage {
    public static final int MAX_PAYLOAD = 1 << 22;

    @Override
    public int type() {
        return HandshakeType.BB84_DISCUSSION;
    }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter().opaque24(payload).toByteArray();
    }

    public static Bb84Discussion decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        byte[] p = r.opaque24(MAX_PAYLOAD);
        r.expectEnd();
        return new Bb84Discussion(p);
    }
}
