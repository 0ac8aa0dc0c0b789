package io.qkdmodem.agent.qtls.message;

/**
 * Ours, server to client, after the handshake, under the current record keys: {@code
 * refresh_epoch(4) reference<1..64> sifted_bits(4)}. Starts the in-band key refresh number {@code
 * refresh_epoch}: Alice's modem reserved fresh sifted key under {@code reference}, which Bob's
 * modem looks up by the same reference; the discussion that follows runs with the parameters of the
 * handshake's SiftedKeyReference.
 */
public record KeyRefreshReference(long epoch, byte[] reference, int siftedBits)
        implements HandshakeMessage {

    @Override
    public int type() {
        return HandshakeType.KEY_REFRESH_REFERENCE;
    }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter().u32(epoch).opaque8(reference).u32(siftedBits).toByteArray();
    }

    public static KeyRefreshReference decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        long epoch = r.u32();
        byte[] ref = r.opaque8(SiftedKeyReference.MAX_REFERENCE);
        long bits = r.u32();
        r.expectEnd();
        if (epoch == 0) {
            throw new DecodeException("refresh epoch 0");
        }
        if (ref.length == 0) {
            throw new DecodeException("empty key reference");
        }
        if (bits == 0 || bits > Integer.MAX_VALUE) {
            throw new DecodeException("sifted_bits " + bits);
        }
        return new KeyRefreshReference(epoch, ref, (int) bits);
    }
}
