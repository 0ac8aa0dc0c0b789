package io.qkdmodem.firmware.link;

import io.qkdmodem.protocol.wire.ByteReader;
import io.qkdmodem.protocol.wire.ByteWriter;

/**
 * First message each side sends after the link comes up (or back up): who it is, the sifting
 * settings both must share, and where it stands (last block appended, next unused auth pool offset,
 * last frame). Alice answers Bob's Hello with {@link Resume}.
 *
 * @param alice true from Alice, false from Bob
 * @param deviceId the sender's device id (not secret)
 * @param settingsDigest digest of the settings both sides must agree on (frame size, protocol
 *     variant, intensities, basis bias, block size, monitor fraction)
 * @param lastBlockId the highest block id the sender has used (kept durably), -1 if none
 * @param storedBlockId the highest block id whose bits are available in the sender's store, -1 if
 *     none (Bob's may be a block Alice never committed: she asks him to drop it)
 * @param authPosition the sender's auth pool position
 * @param lastFrameId the last frame id the sender used, -1 if none
 */
public record Hello(
        boolean alice,
        String deviceId,
        long settingsDigest,
        long lastBlockId,
        long storedBlockId,
        long authPosition,
        long lastFrameId)
        implements LinkMessage {
    public static final int TYPE = 1;
    private static final int MAX_ID = 64;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encodeBody(ByteWriter w) {
        byte[] id = deviceId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        w.u8(alice ? 1 : 0).u8(id.length).bytes(id);
        w.u64(settingsDigest)
                .u64(lastBlockId)
                .u64(storedBlockId)
                .u64(authPosition)
                .u64(lastFrameId);
    }

    static Hello decode(ByteReader r) throws LinkProtocolException {
        int role = r.u8();
        if (role > 1) {
            throw new LinkProtocolException("bad role " + role);
        }
        int n = r.u8();
        if (n > MAX_ID) {
            throw new LinkProtocolException("device id too long");
        }
        String id = new String(r.bytes(n), java.nio.charset.StandardCharsets.UTF_8);
        return new Hello(role == 1, id, r.u64(), r.u64(), r.u64(), r.u64(), r.u64());
    }
}
