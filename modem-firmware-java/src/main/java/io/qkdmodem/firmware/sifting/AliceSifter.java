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
import io.qkdmodem.hal.optics.SlotState;
import io.qkdmodem.hal.optics.SlotStateSource;
import java.util.random.RandomGenerator;

/**
 * Alice's side of sifting, sans-IO: it is told about frames she fires and fed Bob's messages, and
 * answers with {@link Step}s. It never touches the link, the optics or the store itself (the auth
 * pool's durable {@code take} is its one side effect, made before a key is used).
 *
 * <p>States: {@code AWAIT_HELLO} → (Hello) → {@code READY} → (startFrame) → {@code AWAIT_CLICKS} →
 * (Clicks) → {@code READY}, or, if the Sift closed the block, {@code AWAIT_CONFIRM} → (Confirm with
 * a good tag: append, Commit) → {@code READY}. A Reject or a bad tag discards the block.
 */
public final class AliceSifter {
    /** Where the machine is. */
    public enum State {
        AWAIT_HELLO,
        READY,
        AWAIT_CLICKS,
        AWAIT_CONFIRM
    }

    private final SiftingSettings settings;
    private final long linkDigest;
    private final boolean decoyLayout;
    private final AuthKeyPool pool;
    private final RandomGenerator sampler;
    private final LinkMonitor monitor;
    private final java.util.function.LongSupplier clockMillis;
    private State state = State.AWAIT_HELLO;
    private long lastBlockId;
    private long nextFrameId;
    private long peerAuthPosition;

    private BlockAccumulator block;
    private BlockTranscript transcript;
    private long blockAuthOffset;
    private final long[] pulses = new long[6];
    private FrameStart frame;
    private SlotStateSource frameStates;
    private KeyBlockPending pending;

    private record KeyBlockPending(long blockId, long acquiredAt, long[] pulses) {}

    /**
     * @param lastBlockId the highest block id Alice has used (kept durably by the driver), -1 if
     *     none; new blocks get higher ids
     * @param lastFrameId the last frame id used before, -1 if none
     * @param sampler chooses the monitor's sample bits
     * @param clockMillis wall clock for the block's acquisition time
     * @param storeSegmentBits the key store's segment size (part of what both sides must share)
     */
    public AliceSifter(
            SiftingSettings settings,
            AuthKeyPool pool,
            LinkMonitor monitor,
            long lastBlockId,
            long lastFrameId,
            RandomGenerator sampler,
            java.util.function.LongSupplier clockMillis,
            int storeSegmentBits) {
        this.settings = settings;
        this.linkDigest = settings.linkDigest(storeSegmentBits);
        this.decoyLayout = settings.decoyLayout();
        this.pool = pool;
        this.monitor = monitor;
        this.lastBlockId = lastBlockId;
        this.nextFrameId = lastFrameId + 1;
        this.sampler = sampler;
        this.clockMillis = clockMillis;
    }

    public State state() {
        return state;
    }

    public long nextFrameId() {
        return nextFrameId;
    }

    /** The highest block id used so far (new blocks get higher ids); persist it. */
    public long lastBlockId() {
        return lastBlockId;
    }

    /**
     * Alice's own Hello (sent when the link comes up).
     *
     * @param storedBlockId the highest block with available bits in Alice's store, -1 if none
     */
    public Hello hello(String deviceId, long storedBlockId) {
        return new Hello(
                true,
                deviceId,
                linkDigest,
                lastBlockId,
                storedBlockId,
                pool.position(),
                nextFrameId - 1);
    }

    /**
     * Bob's Hello: settles where both continue and resets any block in progress.
     *
     * @throws LinkProtocolException if it is not from Bob or the settings differ
     */
    public Step onHello(Hello bob, java.util.function.LongPredicate aliceHolds)
            throws LinkProtocolException {
        if (bob.alice()) {
            throw new LinkProtocolException("peer also claims to be Alice");
        }
        if (bob.settingsDigest() != linkDigest) {
            throw new LinkProtocolException(
                    "peer's sifting settings differ (frame size, intensities, basis bias, block"
                            + " sizes, monitor fraction or key-store segment size)");
        }
        // Nothing in Bob's Hello is authenticated: bound every counter it can move.
        long ownPosition = pool.position();
        if (bob.authPosition() > ownPosition + BlockTranscript.MAX_AUTH_SKIP_BYTES) {
            throw new LinkProtocolException(
                    "peer's auth pool position "
                            + bob.authPosition()
                            + " is more than "
                            + BlockTranscript.MAX_AUTH_SKIP_BYTES
                            + " bytes ahead of ours ("
                            + ownPosition
                            + "); refusing to skip");
        }
        long peerBlockId = Math.max(bob.lastBlockId(), bob.storedBlockId());
        if (peerBlockId > lastBlockId + BlockTranscript.MAX_ID_STEP
                || bob.lastFrameId() > nextFrameId - 1 + BlockTranscript.MAX_ID_STEP) {
            throw new LinkProtocolException(
                    "peer's block or frame id is implausibly far ahead of ours (block "
                            + peerBlockId
                            + " vs "
                            + lastBlockId
                            + ", frame "
                            + bob.lastFrameId()
                            + " vs "
                            + (nextFrameId - 1)
                            + ")");
        }
        discardBlock();
        Step step = Step.none();
        // Bob appends a block before Alice does; if Alice never did (link or power lost before
        // his Confirm reached her), his copy must go. Only his newest block can be in that state.
        long drop =
                bob.storedBlockId() >= 0 && !aliceHolds.test(bob.storedBlockId())
                        ? bob.storedBlockId()
                        : -1;
        lastBlockId = Math.max(lastBlockId, peerBlockId);
        nextFrameId = Math.max(nextFrameId, bob.lastFrameId() + 1);
        peerAuthPosition = bob.authPosition();
        state = State.READY;
        return step.send(new Resume(nextFrameId, lastBlockId + 1, drop));
    }

    /**
     * Alice is about to fire a frame whose states come from {@code states}; returns the FrameStart
     * to send first. Opens a block (taking its two tag keys from the pool) if none is open.
     *
     * @throws AuthPoolException EMPTY if the pool cannot give a block's keys (acquisition must
     *     stop)
     */
    public FrameStart startFrame(SlotStateSource states) throws AuthPoolException {
        if (state != State.READY) {
            throw new IllegalStateException("startFrame in state " + state);
        }
        if (block == null) {
            // The first whole window of tag keys at or after both positions: gaps (replenished
            // slices this modem never received) are skipped, never used.
            long offset =
                    pool.nextUsable(
                            Math.max(pool.position(), peerAuthPosition), BlockTranscript.KEY_BYTES);
            byte[] keys = pool.take(offset, BlockTranscript.KEY_BYTES);
            transcript = new BlockTranscript(keys);
            blockAuthOffset = offset;
            lastBlockId++;
            block = new BlockAccumulator(lastBlockId, settings.maxBlockBits(), decoyLayout);
            java.util.Arrays.fill(pulses, 0);
        }
        frame =
                new FrameStart(
                        nextFrameId, settings.slotsPerFrame(), block.blockId(), blockAuthOffset);
        nextFrameId++;
        frameStates = states;
        transcript.add(frame);
        state = State.AWAIT_CLICKS;
        return frame;
    }

    /**
     * Adds the frame's pulses per intensity class and basis (walks the frame once; call between
     * {@link #startFrame} and {@link #onClicks}).
     */
    public void addPulses(long[] cells) {
        for (int i = 0; i < 6; i++) {
            pulses[i] += cells[i];
        }
    }

    /** Bob's clicks for the current frame: answers with the Sift (closing the block if due). */
    public Step onClicks(Clicks c) throws LinkProtocolException {
        requireState(State.AWAIT_CLICKS);
        if (c.frameId() != frame.frameId()) {
            throw new LinkProtocolException(
                    "clicks for frame " + c.frameId() + ", expected " + frame.frameId());
        }
        int n = c.size();
        if (n > 0 && c.slots()[n - 1] >= frame.slotCount()) {
            throw new LinkProtocolException("click outside the frame");
        }
        transcript.add(c);
        int[] slots = c.slots();
        byte[] matches = new byte[(n + 7) >>> 3];
        byte[] classes = new byte[(2 * n + 7) >>> 3];
        int[] sample = new int[16];
        int sampleN = 0;
        BitBuffer sampleBits = new BitBuffer();
        BitBuffer nonKeyBits = new BitBuffer();
        int candidate = 0;
        int newKeyBits = 0;
        double fraction = settings.monitorFraction();
        for (int i = 0; i < n; i++) {
            int st = frameStates.state(slots[i]);
            int cls = SlotState.intensityCode(st);
            if ((cls & 2) != 0) {
                classes[(2 * i) >>> 3] |= (byte) (0x80 >>> ((2 * i) & 7));
            }
            if ((cls & 1) != 0) {
                classes[(2 * i + 1) >>> 3] |= (byte) (0x80 >>> ((2 * i + 1) & 7));
            }
            if (SlotState.basisCode(st) != c.basisCode(i)) {
                continue;
            }
            matches[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            if (decoyLayout) {
                if (BlockAccumulator.isKey(true, cls, SlotState.basisCode(st))) {
                    newKeyBits++;
                } else {
                    nonKeyBits.append(SlotState.bit(st));
                }
                continue;
            }
            if (cls == 0) {
                if (fraction > 0 && sampler.nextDouble() < fraction) {
                    if (sampleN == sample.length) {
                        sample = java.util.Arrays.copyOf(sample, sampleN * 2);
                    }
                    sample[sampleN++] = candidate;
                    sampleBits.append(SlotState.bit(st));
                } else {
                    newKeyBits++;
                }
                candidate++;
            } else {
                nonKeyBits.append(SlotState.bit(st));
            }
        }
        boolean close =
                block.keyBits() + newKeyBits > 0
                        && (block.keyBits() + newKeyBits >= settings.targetBlockBits()
                                || block.frames() + 1 >= settings.maxFramesPerBlock());
        Sift.Closing closing =
                close ? new Sift.Closing(clockMillis.getAsLong(), pulses.clone(), 0) : null;
        Sift sift =
                new Sift(
                        frame.frameId(),
                        block.blockId(),
                        n,
                        matches,
                        classes,
                        java.util.Arrays.copyOf(sample, sampleN),
                        sampleBits.copyOf(sampleBits.length()),
                        nonKeyBits.length(),
                        nonKeyBits.copyOf(nonKeyBits.length()),
                        closing);
        block.absorb(c, sift, i -> frameStates.bit(slots[i]), false);
        sampleBits.wipe();
        nonKeyBits.wipe();
        if (!close) {
            transcript.add(sift);
            state = State.READY;
            return Step.none().send(sift);
        }
        sift = sift.withTag(transcript.closeAlice(sift));
        pending = new KeyBlockPending(block.blockId(), closing.acquiredAtEpochMillis(), pulses);
        state = State.AWAIT_CONFIRM;
        return Step.none().send(sift);
    }

    /** Bob's Confirm: verify his tag, then append the block (durably) and Commit. */
    public Step onConfirm(Confirm c) throws LinkProtocolException {
        requireState(State.AWAIT_CONFIRM);
        if (c.blockId() != block.blockId()) {
            throw new LinkProtocolException(
                    "confirm for block " + c.blockId() + ", expected " + block.blockId());
        }
        long expected = transcript.closeBob(c);
        long id = block.blockId();
        if (!WegmanCarter.tagsEqual(expected, c.tag())) {
            discardBlock();
            state = State.READY;
            return Step.none()
                    .send(new Reject(id, Reject.Reason.TAG_FAILED))
                    .alarm("block " + id + ": peer's authentication tag failed; block discarded");
        }
        if (!block.errorsFit(c.signalErrors(), c.decoyErrors(), c.vacuumErrors())) {
            throw new LinkProtocolException("confirm counts more errors than disclosed bits");
        }
        Step step = Step.none();
        if (monitor.record(block.sampleBits(), c.signalErrors())) {
            step.alarm(qberAlarm());
        }
        monitor.recordClass(1, block.classBits(1), c.decoyErrors());
        monitor.recordClass(2, block.classBits(2), c.vacuumErrors());
        step.append(
                        block.toKeyBlock(
                                pending.acquiredAt(),
                                pending.pulses(),
                                new long[] {c.signalErrors(), c.decoyErrors(), c.vacuumErrors()}))
                .send(new Commit(id))
                .announce(id);
        discardBlock();
        state = State.READY;
        return step;
    }

    /** The append of the last step's block failed: tell Bob to drop his copy. */
    public Step onStoreFailure(long blockId) {
        return Step.none()
                .send(new Reject(blockId, Reject.Reason.STORE_FAILED))
                .alarm("block " + blockId + " could not be stored; dropped on both sides");
    }

    /** Bob discarded the block in progress (or stops). */
    public Step onReject(Reject r) {
        Step step = Step.none();
        if (block != null && (r.blockId() == block.blockId() || r.blockId() == -1)) {
            discardBlock();
        }
        if (state != State.AWAIT_HELLO) {
            state = State.READY;
        }
        if (r.reason() == Reject.Reason.TAG_FAILED) {
            step.alarm("block " + r.blockId() + ": tag failed at the peer; block discarded");
        } else if (r.reason() != Reject.Reason.SHUTDOWN
                && r.reason() != Reject.Reason.AUTH_KEY_MISSING) {
            step.alarm("block " + r.blockId() + " rejected by the peer: " + r.reason());
        }
        return step;
    }

    /** The link went down: forget the block in progress; a new Hello is needed. */
    public void onLinkLost() {
        discardBlock();
        state = State.AWAIT_HELLO;
    }

    String qberAlarm() {
        return String.format(
                java.util.Locale.ROOT,
                "QBER %.4f above the alarm threshold %.4f",
                monitor.qber(),
                monitor.threshold());
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
        frameStates = null;
        pending = null;
    }

    private void requireState(State s) throws LinkProtocolException {
        if (state != s) {
            throw new LinkProtocolException(
                    "unexpected in state " + state + " (expected " + s + ")");
        }
    }
}
