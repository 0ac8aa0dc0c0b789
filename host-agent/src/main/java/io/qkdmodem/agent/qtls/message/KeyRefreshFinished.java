package io.qkdmodem.agent.qtls.message;

/**
 * Ours, either direction, in a {@code qkd_key_refresh} record: {@code refresh_epoch(4)
 * key_offset(8) tag(16)}. Ends the sender's part of an in-band key refresh: {@code tag} is a
 * Wegman-Carter tag over the refresh transcript keyed by the 32 bytes at {@code key_offset} of the
 * sender's write key pool (docs/protocol/quantum-tls.md, "In-band key refresh").
 */
public record KeyRefreshFinished(long epoch, long keyOffset, byte[] tag)
        implements HandshakeMessage {
    public static final int TAG_LENGTH = 16;

    @Override
    public int type() {
        return HandshakeType.KEY_REFRESH_FINISHED;
    }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter().u32(epoch).u64(keyOffset).bytes(tag).toByteArray();
    }

    public static KeyRefreshFinished decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        long epoch = r.u32();
        long offset = r.u64();
        byte[] tag = r.bytes(TAG_LENGTH);
        r.expectEnd();
        return new KeyRefreshFinished(epoch, offset, tag);
    }

    @Override
    public String toString() {
        return "KeyRefreshFinished[epoch=" + epoch + ", keyOffset=" + keyOffset + "]";
    }
}
