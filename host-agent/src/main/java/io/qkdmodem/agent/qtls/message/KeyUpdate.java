package io.qkdmodem.agent.qtls.message;

/**
 * Ours, after the handshake, under the old keys: {@code epoch(4) key_offset(8)}. The sender has
 * drawn fresh QKD key at {@code key_offset} of its direction's pool and writes every later record
 * with keys derived from it (epoch counts the updates of that direction from 1).
 */
public record KeyUpdate(long epoch, long keyOffset) implements HandshakeMessage {

    @Override
    public int type() {
        return HandshakeType.KEY_UPDATE;
    }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter().u32(epoch).u64(keyOffset).toByteArray();
    }

    public static KeyUpdate decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        long epoch = r.u32();
        long off = r.u64();
        r.expectEnd();
        return new KeyUpdate(epoch, off);
    }
}
