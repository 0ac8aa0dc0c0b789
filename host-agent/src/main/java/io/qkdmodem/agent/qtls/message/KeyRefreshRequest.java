package io.qkdmodem.agent.qtls.message;

/**
 * Ours, client to server, after the handshake, under the current record keys: {@code
 * refresh_epoch(4)}. The client's spare QKD key is running out; it asks the server to start the
 * in-band key refresh number {@code refresh_epoch} (1 for the first of the session).
 */
public record KeyRefreshRequest(long epoch) implements HandshakeMessage {

    @Override
    public int type() {
        return HandshakeType.KEY_REFRESH_REQUEST;
    }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter().u32(epoch).toByteArray();
    }

    public static KeyRefreshRequest decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        long epoch = r.u32();
        r.expectEnd();
        if (epoch == 0) {
            throw new DecodeException("refresh epoch 0");
        }
        return new KeyRefreshRequest(epoch);
    }
}
