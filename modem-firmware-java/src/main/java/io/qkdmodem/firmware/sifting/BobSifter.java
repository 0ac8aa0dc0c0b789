package io.qkdmodem.firmware.sifting;

import io.qkdmodem.firmware.auth.AuthKeyPool;
import io.qkdmodem.firmware.auth.AuthPoolException;
import io.qkdmodem.firmware.auth.WegmanCarter;
import io.qkdmodem.firmware.link.Clicks;
import io.qkdmodem.firmware.link.Commit;
import io.qkdmodem.firmware.link.Confirm;
import io.qkdmodem.firmware.link.FrameStart;
import io.qkdmodem.firmware.link.Hello;
import io.qkdmodem.firmware.link.LinkProtocolException;
import io.qkdmodem.firmware.link.Reject;
import io.qkdmodem.firmware.link.Resume;
import io.qkdmodem.firmware.link.Sift;
import io.qkdmodem.hal.optics.ClickReport;

/**
 * Bob's side of sifting, sans-IO. States: {@code AWAIT_RESUME} → (Resume) → {@code AWAIT_FRAME} →
 * (FrameStart: the driver receives the frame from the optics) → {@code MEASURING} → (clicks) →
 * {@code AWAIT_SIFT} → (Sift) → {@code AWAIT_FRAME}, or for a closing Sift whose tag verifies:
 * append the block durably, send Confirm → {@code AWAIT_COMMIT} → (Commit: announce) → {@code
 * AWAIT_FRAME}. A bad tag discards the block and sends Reject; a Reject from Alice of a block Bob
 * appended makes him drop it.
 */
public final class BobSifter {
    /** Where the machine is. */
    public enum State {
        AWAIT_RESUME,
        AWAIT_FRAME,
        MEASURING,
        AWAIT_SIFT,
        AWAIT_COMMIT
    }

    private final SiftingSettings settings;
    private final long linkDigest;
    private final boolean decoyLayout;
    private final AuthKeyPool pool;
    private final LinkMonitor monitor;
    private State state = State.AWAIT_RESUME;
    private long lastBlockId;
    private long lastFrameId;

    private BlockAccumulator block;
    private BlockTranscript transcript;
    private long blockAuthOffset = -1;
    private long blockLastFrameId = -1;
    private boolean deferredTake;
    private FrameStart frame;
    private ClickReport report;
    private Clicks clicks;
    private long uncommittedBlockId = -1;

    /**
     * @param lastBlockId the highest block id Bob has used (kept durably by the driver), -1 if none
     * @param lastFrameId the last frame id seen before, -1 if none
     * @param storeSegmentBits the key store's segment size (part of what both sides must share)
     */
    public BobSifter(
            SiftingSettings settings,
            AuthKeyPool pool,
            LinkMonitor monitor,
            long lastBlockId,
            long lastFrameId,
            int storeSegmentBits) {
        this.settings = settings;
        this.linkDigest = settings.linkDigest(storeSegmentBits);
        this.decoyLayout = settings.decoyLayout();
        this.pool = pool;
        this.monitor = monitor;
        this.lastBlockId = lastBlockId;
        this.lastFrameId = lastFrameId;
    }

    public State state() {
        return state;
    }

    /** The highest block id of an authenticated block so far; persist it. */
    public long lastBlockId() {
        return lastBlockId;
    }

    /** The last frame id of an authenticated block. */
    public long lastFrameId() {
        return lastFrameId;
    }

    /**
     * Bob's Hello (sent when the link comes up).
     *
     * @param storedBlockId the highest block with available bits in Bob's store, -1 if none
     */
    public Hello hello(String deviceId, long storedBlockId) {
        return new Hello(
                false,
                deviceId,
                linkDigest,
                lastBlockId,
                storedBlockId,
                pool.position(),
                lastFrameId);
    }

    /** Alice's Hello: checks role and settings. */
    public void onHello(Hello alice) throws LinkProtocolException {
        if (!alice.alice()) {
            throw new LinkProtocolException("peer also claims to be Bob");
        }
        if (alice.settingsDigest() != linkDigest) {
            throw new LinkProtocolException(
                    "peer's sifting settings differ (frame size, intensities, basis bias, block"
                            + " sizes, monitor fraction or key-store segment size)");
        }
    }

    /** Alice's Resume: drop the block she does not hold, then wait for frames. */
    public Step onResume(Resume r) {
        discardBlock();
        Step step = Step.none();
        if (r.dropBlockId() >= 0) {
            step.drop(r.dropBlockId());
        }
        // Resume is not authenticated: it does not move lastBlockId (only a verified block does).
        uncommittedBlockId = -1;
        state = State.AWAIT_FRAME;
        return step;
    }

    /**
     * Alice's FrameStart: the driver then receives the frame from the optics and calls {@link
     * #onMeasured}.
     *
     * @throws AuthPoolException EMPTY if the block's tag keys are not in the pool, MISSING if they
     *     fall in a gap of it (a replenished slice this modem never received), REUSE if Alice names
     *     an offset already used (each stops the block: the driver sends a Reject)
     */
    public void onFrameStart(FrameStart f) throws LinkProtocolException, AuthPoolException {
        requireState(State.AWAIT_FRAME);
        if (f.slotCount() != settings.slotsPerFrame()) {
            throw new LinkProtocolException("frame of " + f.slotCount() + " slots announced");
        }
        // Nothing in a FrameStart is authenticated before the block's closing tag: its ids stay
        // tentative (blockLastFrameId) until then, and every counter it names is bounded.
        long previousFrameId = block == null ? lastFrameId : blockLastFrameId;
        if (f.frameId() <= previousFrameId) {
            throw new LinkProtocolException("frame id " + f.frameId() + " does not increase");
        }
        if (f.frameId() - BlockTranscript.MAX_ID_STEP > previousFrameId) {
            throw new LinkProtocolException("frame id " + f.frameId() + " jumps too far ahead");
        }
        if (block != null && f.blockId() != block.blockId()) {
            throw new LinkProtocolException(
                    "frame for block " + f.blockId() + " while block " + block.blockId() + " open");
        }
        if (block == null) {
            if (f.blockId() <= lastBlockId) {
                throw new LinkProtocolException("block id " + f.blockId() + " does not increase");
            }
            if (f.blockId() - BlockTranscript.MAX_ID_STEP > lastBlockId) {
                throw new LinkProtocolException("block id " + f.blockId() + " jumps too far ahead");
            }
            // Alice may be ahead (blocks whose FrameStart Bob never saw, or retries while his
            // pool was empty), but the offset is not authenticated: a short skip is taken now, a
            // longer one only once the block's tag proves Alice used that offset, so a forged
            // offset never discards pool bytes.
            boolean far = f.authOffset() > pool.position() + BlockTranscript.MAX_AUTH_SKIP_BYTES;
            byte[] keys =
                    far
                            ? pool.peek(f.authOffset(), BlockTranscript.KEY_BYTES)
                            : pool.take(f.authOffset(), BlockTranscript.KEY_BYTES);
            deferredTake = far;
            transcript = new BlockTranscript(keys);
            blockAuthOffset = f.authOffset();
            block = new BlockAccumulator(f.blockId(), settings.maxBlockBits(), decoyLayout);
        } else if (f.authOffset() != blockAuthOffset) {
            throw new LinkProtocolException("auth offset changed within a block");
        }
        frame = f;
        blockLastFrameId = f.frameId();
        transcript.add(f);
        state = State.MEASURING;
    }

    /** The frame id and slot count the driver must receive from the optics. */
    public FrameStart currentFrame() {
        return frame;
    }

    /** The optics' click report for the current frame: returns the Clicks to send. */
    public Step onMeasured(ClickReport r) {
        if (state != State.MEASURING) {
            throw new IllegalStateException("onMeasured in state " + state);
        }
        if (r.frameId() != frame.frameId()) {
            throw new IllegalArgumentException("report of another frame");
        }
        int n = r.size();
        byte[] bases = new byte[(n + 7) >>> 3];
        for (int i = 0; i < n; i++) {
            if (r.basisCode(i) == 1) {
                bases[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            }
        }
        report = r;
        clicks = new Clicks(frame.frameId(), r.slots(), bases);
        transcript.add(clicks);
        state = State.AWAIT_SIFT;
        return Step.none().send(clicks);
    }

    /** Alice's Sift for the current frame. */
    public Step onSift(Sift s) throws LinkProtocolException {
        requireState(State.AWAIT_SIFT);
        if (s.frameId() != frame.frameId()
                || s.blockId() != block.blockId()
                || s.clicks() != clicks.size()) {
            throw new LinkProtocolException("sift does not answer the current clicks");
        }
        ClickReport r = report;
        block.absorb(clicks, s, r::bit, true);
        Step step = Step.none();
        report = null;
        clicks = null;
        if (!s.closesBlock()) {
            transcript.add(s);
            state = State.AWAIT_FRAME;
            return step;
        }
        long id = block.blockId();
        long expected = transcript.closeAlice(s);
        if (!WegmanCarter.tagsEqual(expected, s.closing().tag())) {
            discardBlock();
            state = State.AWAIT_FRAME;
            return step.send(new Reject(id, Reject.Reason.TAG_FAILED))
                    .alarm("block " + id + ": peer's authentication tag failed; block discarded");
        }
        if (deferredTake) {
            // The tag proves Alice used this offset: now skip to it, durably, before Bob's own
            // tag key is used for the Confirm.
            try {
                java.util.Arrays.fill(
                        pool.take(blockAuthOffset, BlockTranscript.KEY_BYTES), (byte) 0);
            } catch (AuthPoolException e) {
                discardBlock();
                state = State.AWAIT_FRAME;
                return step.send(
                                new Reject(
                                        id,
                                        e.reason() == AuthPoolException.Reason.REUSE
                                                ? Reject.Reason.AUTH_KEY_REUSE
                                                : Reject.Reason.AUTH_POOL_EMPTY))
                        .alarm("block " + id + ": auth keys could not be taken: " + e.getMessage());
            }
        }
        // The block is authenticated: its ids become Bob's own.
        lastBlockId = Math.max(lastBlockId, id);
        lastFrameId = Math.max(lastFrameId, blockLastFrameId);
        // Only authenticated data reaches the monitor: a forged Sift cannot move the QBER.
        if (monitor.record(block.sampleBits(), block.sampleErrors())) {
            step.alarm(
                    String.format(
                            java.util.Locale.ROOT,
                            "QBER %.4f above the alarm threshold %.4f",
                            monitor.qber(),
                            monitor.threshold()));
        }
        monitor.recordClass(1, block.classBits(1), block.classErrors(1));
        monitor.recordClass(2, block.classBits(2), block.classErrors(2));
        Confirm confirm =
                new Confirm(
                        id,
                        (int) block.sampleErrors(),
                        (int) block.classErrors(1),
                        (int) block.classErrors(2),
                        0);
        confirm = confirm.withTag(transcript.closeBob(confirm));
        step.append(
                        block.toKeyBlock(
                                s.closing().acquiredAtEpochMillis(),
                                s.closing().pulses(),
                                block.ownClassErrors()))
                .send(confirm);
        uncommittedBlockId = id;
        discardBlock();
        state = State.AWAIT_COMMIT;
        return step;
    }

    /** The append of the last step's block failed: tell Alice, who discards it too. */
    public Step onStoreFailure(long blockId) {
        uncommittedBlockId = -1;
        state = State.AWAIT_FRAME;
        return Step.none()
                .send(new Reject(blockId, Reject.Reason.STORE_FAILED))
                .alarm("block " + blockId + " could not be stored; dropped on both sides");
    }

    /** Alice committed: the block is held by both, announce it. */
    public Step onCommit(Commit c) throws LinkProtocolException {
        requireState(State.AWAIT_COMMIT);
        if (c.blockId() != uncommittedBlockId) {
            throw new LinkProtocolException("commit of block " + c.blockId());
        }
        uncommittedBlockId = -1;
        state = State.AWAIT_FRAME;
        return Step.none().announce(c.blockId());
    }

    /** Alice discards a block: drop it if already appended here. */
    public Step onReject(Reject r) {
        Step step = Step.none();
        if (uncommittedBlockId >= 0 && r.blockId() == uncommittedBlockId) {
            step.drop(uncommittedBlockId);
            uncommittedBlockId = -1;
        }
        if (block != null && r.blockId() == block.blockId()) {
            discardBlock();
        }
        if (r.reason() == Reject.Reason.TAG_FAILED) {
            step.alarm("block " + r.blockId() + ": tag failed at the peer; block discarded");
        } else if (r.reason() != Reject.Reason.SHUTDOWN) {
            step.alarm("block " + r.blockId() + " rejected by the peer: " + r.reason());
        }
        if (state != State.AWAIT_RESUME) {
            state = State.AWAIT_FRAME;
        }
        return step;
    }

    /** A Reject Bob sends because the block's keys could not be taken. */
    public Step rejectCurrent(long blockId, Reject.Reason reason) {
        discardBlock();
        state = State.AWAIT_FRAME;
        return Step.none().send(new Reject(blockId, reason));
    }

    /**
     * The link went down: forget the block in progress (an uncommitted one is settled at Resume).
     */
    public void onLinkLost() {
        discardBlock();
        state = State.AWAIT_RESUME;
    }

    private void discardBlock() {
        if (block != null) {
            block.wipe();
            block = null;
        }
        if (transcript != null) {
            transcript.destroy();
            transcript = null;
        }
        frame = null;
        report = null;
        clicks = null;
        blockAuthOffset = -1;
        blockLastFrameId = -1;
        deferredTake = false;
    }

    private void requireState(State s) throws LinkProtocolException {
        if (state != s) {
            throw new LinkProtocolException(
                    "unexpected in state " + state + " (expected " + s + ")");
        }
    }
}
