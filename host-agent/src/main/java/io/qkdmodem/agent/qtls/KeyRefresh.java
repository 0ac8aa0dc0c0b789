package io.qkdmodem.agent.qtls;

import io.qkdmodem.agent.qtls.discussion.Bb84Discussion;
import io.qkdmodem.agent.qtls.keysource.KeyReference;
import io.qkdmodem.agent.qtls.keysource.SiftedKey;
import io.qkdmodem.agent.qtls.message.ByteWriter;
import io.qkdmodem.agent.qtls.record.WegmanCarterMac;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The state of one in-band key refresh (docs/protocol/quantum-tls.md, "In-band key refresh"): a
 * fresh BB84 discussion on the live connection over sifted key the server's modem reserved and the
 * client's fetched by the same reference. Holds the public transcript of the refresh, one stream
 * per direction (so both sides see the same bytes however the two directions interleave), and the
 * secret sifted key and discussion, which {@link #destroy()} zeroizes.
 */
final class KeyRefresh {
    /** Bytes of the sender's write pool keying one KeyRefreshFinished tag (H and S). */
    static final int TAG_KEY_BYTES = 2 * WegmanCarterMac.KEY_LENGTH;

    final long epoch;
    KeyReference reference;
    SiftedKey sifted;
    Bb84Discussion discussion;
    boolean discussionStarted;
    boolean ownFinishedSent;
    private final ByteArrayOutputStream clientToServer = new ByteArrayOutputStream();
    private final ByteArrayOutputStream serverToClient = new ByteArrayOutputStream();

    KeyRefresh(long epoch) {
        this.epoch = epoch;
    }

    /** Adds a framed public message to the transcript of its direction. */
    void record(boolean fromClient, byte[] framed) {
        (fromClient ? clientToServer : serverToClient).write(framed, 0, framed.length);
    }

    /**
     * The Wegman-Carter tag of one side's KeyRefreshFinished: {@code key} is the 32 bytes drawn at
     * {@code keyOffset} of that side's write pool (H then S; zeroized here); the additional data
     * binds the tag to the session, the refresh and the direction; the data is {@code c2s_length(8)
     * || client-to-server messages || server-to-client messages}.
     */
    byte[] tag(
            byte[] key,
            byte[] clientRandom,
            byte[] serverRandom,
            boolean clientDirection,
            long keyOffset) {
        byte[] h = Arrays.copyOfRange(key, 0, WegmanCarterMac.KEY_LENGTH);
        byte[] s = Arrays.copyOfRange(key, WegmanCarterMac.KEY_LENGTH, TAG_KEY_BYTES);
        Arrays.fill(key, (byte) 0);
        try {
            byte[] aad =
                    new ByteWriter()
                            .bytes(clientRandom)
                            .bytes(serverRandom)
                            .u32(epoch)
                            .u8(clientDirection ? 0 : 1)
                            .u64(keyOffset)
                            .toByteArray();
            byte[] data =
                    new ByteWriter()
                            .u64(clientToServer.size())
                            .bytes(clientToServer.toByteArray())
                            .bytes(serverToClient.toByteArray())
                            .toByteArray();
            return WegmanCarterMac.tag(h, s, aad, data);
        } finally {
            Arrays.fill(h, (byte) 0);
            Arrays.fill(s, (byte) 0);
        }
    }

    /** Zeroizes the sifted key and the discussion's key material. */
    void destroy() {
        if (sifted != null) {
            sifted.destroy();
        }
        if (discussion != null) {
            discussion.destroy();
        }
    }

    @Override
    public String toString() {
        return "KeyRefresh[epoch=" + epoch + ", " + reference + "]";
    }
}
