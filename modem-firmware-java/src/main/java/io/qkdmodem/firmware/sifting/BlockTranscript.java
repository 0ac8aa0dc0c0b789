package io.qkdmodem.firmware.sifting;

import io.qkdmodem.firmware.auth.TagKey;
import io.qkdmodem.firmware.auth.WegmanCarter;
import io.qkdmodem.firmware.link.LinkCodec;
import io.qkdmodem.firmware.link.LinkMessage;

/**
 * The authenticated transcript of one block: every link message of the block, in order, fed to two
 * Wegman-Carter taggers at once. Alice's tag covers the messages up to and including her closing
 * Sift (its tag field excluded); Bob's tag covers the same plus his Confirm (its tag field
 * excluded). Each tag key is used once.
 */
final class BlockTranscript {
    private final WegmanCarter.Tagger alice;
    private final WegmanCarter.Tagger bob;
    private boolean aliceDone;

    BlockTranscript(byte[] keys) {
        TagKey ka = TagKey.of(keys, 0);
        TagKey kb = TagKey.of(keys, TagKey.BYTES);
        alice = WegmanCarter.start(ka);
        bob = WegmanCarter.start(kb);
        ka.destroy();
        kb.destroy();
        java.util.Arrays.fill(keys, (byte) 0);
    }

    /** Pool bytes a block's two tag keys take. */
    static final int KEY_BYTES = 2 * TagKey.BYTES;

    /**
     * How far ahead of the local pool position a peer's unauthenticated word may move it (four
     * blocks' keys). Alice refuses a Hello that puts Bob further ahead. Bob takes a FrameStart's
     * keys at once only within this distance; further ahead, he only peeks at them and takes them
     * (skipping the gap) once the block's tag verifies. So one forged message can discard at most
     * this many pool bytes (what a forged tag costs anyway).
     */
    static final long MAX_AUTH_SKIP_BYTES = 4L * KEY_BYTES;

    /**
     * How far an unauthenticated message may move a block or frame id ahead of the local one
     * (2^20). Keeps a forged id from pushing a counter near overflow.
     */
    static final long MAX_ID_STEP = 1L << 20;

    void add(LinkMessage m) {
        byte[] b = LinkCodec.encode(m);
        if (!aliceDone) {
            alice.update(b);
        }
        bob.update(b);
    }

    /** Adds a message whose last 8 bytes are its tag, without them. */
    private byte[] withoutTag(LinkMessage m) {
        byte[] b = LinkCodec.encode(m);
        return java.util.Arrays.copyOf(b, b.length - WegmanCarter.TAG_BYTES);
    }

    /** Feeds the closing Sift (tag excluded) and returns Alice's tag over the transcript. */
    long closeAlice(LinkMessage closingSift) {
        byte[] b = withoutTag(closingSift);
        alice.update(b);
        bob.update(b);
        aliceDone = true;
        return alice.finish();
    }

    /** Feeds Bob's Confirm (tag excluded) and returns Bob's tag. */
    long closeBob(LinkMessage confirm) {
        bob.update(withoutTag(confirm));
        return bob.finish();
    }

    void destroy() {
        alice.destroy();
        bob.destroy();
    }
}
