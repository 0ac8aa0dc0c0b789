package io.qkdmodem.agent.qtls.message;

/**
 * Ours, server to client: {@code reference<1..64> sifted_bits(4)}: the sifted key Alice's modem
 * reserved for this handshake, which Bob's modem looks up by the same reference.
 */
public record SiftedKeyReference(byte[] reference, int siftedBits) implements HandshakeMessage {
    public static final int MAX_REFERENCE = 64;

    @Override
    public int type() {
        return HandshakeType.SIFTED_KEY_REFERENCE;
    }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter().opaque8(reference).u32(siftedBits).toByteArray();
    }

    public static SiftedKeyReference decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        byte[] ref = r.opaque8(MAX_REFERENCE);
        if (ref.length == 0) {
            throw new DecodeException("empty key reference");
        }
        long bits = r.u32();
        if (bits == 0 || bits > Integer.MAX_VALUE) {
            throw new DecodeException("sifted_bits " + bits);
        }
        r.expectEnd();
        return new SiftedKeyReference(ref, (int) bits);
    }
}
