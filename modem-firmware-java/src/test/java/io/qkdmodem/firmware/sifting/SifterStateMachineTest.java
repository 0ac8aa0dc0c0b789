package io.qkdmodem.firmware.sifting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.firmware.auth.AuthKeyPool;
import io.qkdmodem.firmware.auth.AuthPoolException;
import io.qkdmodem.firmware.link.Clicks;
import io.qkdmodem.firmware.link.Commit;
import io.qkdmodem.firmware.link.Confirm;
import io.qkdmodem.firmware.link.FrameStart;
import io.qkdmodem.firmware.link.Hello;
import io.qkdmodem.firmware.link.LinkProtocolException;
import io.qkdmodem.firmware.link.Resume;
import io.qkdmodem.firmware.link.Sift;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.IntensityProfile;
import io.qkdmodem.keystore.KeyBlock;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Alice's and Bob's sifting machines pumped against each other in memory, no threads or I/O. */
class SifterStateMachineTest {
    static final long SEED = 42;
    static final int SEGMENT_BITS = 1024;
    final SiftingSettings settings =
            SiftingSettings.defaults(4096)
                    .withIntensities(IntensityProfile.standard())
                    .withBlockBits(128, 4096, 8)
                    .withMonitor(0.1, 0.11, 1000, 10);
    final byte[] secret = new byte[1024];
    final SplittableRandom rnd = new SplittableRandom(SEED);
    AliceSifter alice;
    BobSifter bob;
    AuthKeyPool alicePool;
    AuthKeyPool bobPool;

    void connect() throws Exception {
        rnd.nextBytes(secret);
        alicePool = AuthKeyPool.inMemory(secret);
        bobPool = AuthKeyPool.inMemory(secret);
        alice =
                new AliceSifter(
                        settings,
                        alicePool,
                        LinkMonitor.of(settings),
                        -1,
                        -1,
                        new SplittableRandom(SEED + 1),
                        () -> 1_700_000_000_000L,
                        SEGMENT_BITS);
        bob = new BobSifter(settings, bobPool, LinkMonitor.of(settings), -1, -1, SEGMENT_BITS);
        bob.onHello(alice.hello("a", -1));
        Step s = alice.onHello(bob.hello("b", -1), id -> false);
        assertThat(bob.onResume((Resume) s.messages().get(0)).dropBlockId()).isEqualTo(-1);
    }

    /**
     * A noiseless receiver: 20 % of slots click, Bob's basis random, his bit right when matched.
     */
    ClickReport measure(long frameId, CtrSlotStateSource states) {
        ClickReport.Builder b = ClickReport.builder(frameId, settings.slotsPerFrame());
        for (int slot = 0; slot < settings.slotsPerFrame(); slot++) {
            if (rnd.nextInt(5) != 0) {
                continue;
            }
            int basis = rnd.nextInt(2);
            int bit = basis == states.basis(slot).code() ? states.bit(slot) : rnd.nextInt(2);
            b.add(slot, basis, bit, 1 << (basis << 1 | bit));
        }
        return b.build();
    }

    CtrSlotStateSource states(long frameId) {
        byte[] key = new byte[16];
        rnd.nextBytes(key);
        return new CtrSlotStateSource(
                key, frameId, settings.slotsPerFrame(), settings.intensities(), 0.5);
    }

    @Test
    void bothSidesAppendTheSameBlock() throws Exception {
        connect();
        KeyBlock a = null;
        KeyBlock b = null;
        for (int frame = 0; frame < 10 && a == null; frame++) {
            CtrSlotStateSource st = states(alice.nextFrameId());
            FrameStart fs = alice.startFrame(st);
            alice.addPulses(st.countCells());
            bob.onFrameStart(fs);
            Clicks clicks = (Clicks) bob.onMeasured(measure(fs.frameId(), st)).messages().get(0);
            Sift sift = (Sift) alice.onClicks(clicks).messages().get(0);
            Step sb = bob.onSift(sift);
            if (sb.append() == null) {
                continue;
            }
            b = sb.append();
            Step sa = alice.onConfirm((Confirm) sb.messages().get(0));
            a = sa.append();
            assertThat(sa.announceBlockId()).isEqualTo(a.blockId());
            Commit commit = (Commit) sa.messages().get(0);
            assertThat(bob.onCommit(commit).announceBlockId()).isEqualTo(b.blockId());
        }
        assertThat(a).as("seed %d", SEED).isNotNull();
        assertThat(b.blockId()).isEqualTo(a.blockId()).isZero();
        assertThat(b.counts()).isEqualTo(a.counts());
        assertThat(b.acquiredAtEpochMillis()).isEqualTo(a.acquiredAtEpochMillis());
        assertThat(b.bits().sameBitsAs(a.bits())).isTrue();
        assertThat(a.bits().bitLength()).isGreaterThanOrEqualTo(128);
        assertThat(alice.state()).isEqualTo(AliceSifter.State.READY);
        assertThat(bob.state()).isEqualTo(BobSifter.State.AWAIT_FRAME);
    }

    @Test
    void anUnexpectedMessageIsATypedErrorAndChangesNothing() throws Exception {
        connect();
        CtrSlotStateSource st = states(alice.nextFrameId());
        FrameStart fs = alice.startFrame(st);
        bob.onFrameStart(fs);
        Clicks clicks = (Clicks) bob.onMeasured(measure(fs.frameId(), st)).messages().get(0);
        assertThatThrownBy(() -> bob.onCommit(new Commit(0)))
                .isInstanceOf(LinkProtocolException.class);
        assertThat(bob.state()).isEqualTo(BobSifter.State.AWAIT_SIFT);
        assertThatThrownBy(() -> alice.onConfirm(new Confirm(0, 0, 0, 0, 0)))
                .isInstanceOf(LinkProtocolException.class);
        Clicks wrongFrame = new Clicks(fs.frameId() + 1, clicks.slots(), clicks.bases());
        assertThatThrownBy(() -> alice.onClicks(wrongFrame))
                .isInstanceOf(LinkProtocolException.class);
        assertThat(alice.state()).isEqualTo(AliceSifter.State.AWAIT_CLICKS);
        // the genuine answer still works
        assertThat(alice.onClicks(clicks).messages()).hasSize(1);
    }

    @Test
    void aReplayedAuthOffsetIsRefused() throws Exception {
        connect();
        CtrSlotStateSource st = states(alice.nextFrameId());
        FrameStart fs = alice.startFrame(st);
        bob.onFrameStart(fs);
        bob.onLinkLost();
        bob.onResume(new Resume(fs.frameId() + 1, fs.blockId() + 1, -1));
        FrameStart replay =
                new FrameStart(fs.frameId() + 1, fs.slotCount(), fs.blockId() + 1, fs.authOffset());
        assertThatThrownBy(() -> bob.onFrameStart(replay))
                .isInstanceOfSatisfying(
                        AuthPoolException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthPoolException.Reason.REUSE));
    }

    /** Runs frames until a block is held by both; returns Alice's block. */
    KeyBlock runBlock() throws Exception {
        for (int frame = 0; frame < 10; frame++) {
            CtrSlotStateSource st = states(alice.nextFrameId());
            FrameStart fs = alice.startFrame(st);
            alice.addPulses(st.countCells());
            bob.onFrameStart(fs);
            Clicks clicks = (Clicks) bob.onMeasured(measure(fs.frameId(), st)).messages().get(0);
            Step sb = bob.onSift((Sift) alice.onClicks(clicks).messages().get(0));
            if (sb.append() != null) {
                Step sa = alice.onConfirm((Confirm) sb.messages().get(0));
                bob.onCommit((Commit) sa.messages().get(0));
                return sa.append();
            }
        }
        throw new AssertionError("no block closed, seed " + SEED);
    }

    // AUDIT finding 2: a forged Hello.authPosition made Alice skip (and durably discard) the pool.
    @Test
    void aForgedHelloAuthPositionCannotBurnAlicesPool() throws Exception {
        connect();
        alice.onLinkLost();
        Hello genuine = bob.hello("b", -1);
        Hello forged =
                new Hello(
                        false,
                        "b",
                        genuine.settingsDigest(),
                        genuine.lastBlockId(),
                        genuine.storedBlockId(),
                        alicePool.end() - 32,
                        genuine.lastFrameId());
        assertThatThrownBy(() -> alice.onHello(forged, id -> false))
                .isInstanceOf(LinkProtocolException.class)
                .hasMessageContaining("refusing to skip");
        assertThat(alicePool.position()).isZero();
        // the genuine Hello still works and the block uses the pool from its start
        bob.onLinkLost();
        bob.onResume((Resume) alice.onHello(genuine, id -> false).messages().get(0));
        assertThat(runBlock()).isNotNull();
        assertThat(alicePool.position()).isEqualTo(32);
    }

    // AUDIT finding 2: a forged FrameStart.authOffset made Bob skip (and discard) the pool.
    @Test
    void aForgedFrameStartAuthOffsetCannotBurnBobsPool() throws Exception {
        connect();
        FrameStart forged = new FrameStart(0, settings.slotsPerFrame(), 0, bobPool.end() - 32);
        bob.onFrameStart(forged); // far ahead: the keys are only looked at, nothing is used up
        assertThat(bobPool.position()).isZero();
        bob.onLinkLost(); // the forger cannot produce the block's tag
        bob.onResume(new Resume(0, 0, -1));
        assertThat(bobPool.position()).isZero();
        assertThat(runBlock()).isNotNull();
        assertThat(bobPool.position()).isEqualTo(32);
    }

    // Alice may legitimately be far ahead (each retry while Bob's pool was empty burned one
    // block's keys of hers): Bob skips there once the block's tag proves it.
    @Test
    void bobSkipsFarAheadOnlyOnceTheTagVerifies() throws Exception {
        connect();
        java.util.Arrays.fill(alicePool.take(0, 10 * 32), (byte) 0);
        assertThat(runBlock()).isNotNull();
        assertThat(bobPool.position()).isEqualTo(alicePool.position()).isEqualTo(11 * 32);
    }

    // AUDIT finding 2: Bob committed lastFrameId / lastBlockId from an unauthenticated FrameStart.
    @Test
    void bobCommitsFrameAndBlockIdsOnlyAfterTheTagVerifies() throws Exception {
        connect();
        FrameStart huge = new FrameStart(Long.MAX_VALUE, settings.slotsPerFrame(), 0, 0);
        assertThatThrownBy(() -> bob.onFrameStart(huge)).isInstanceOf(LinkProtocolException.class);
        FrameStart forged = new FrameStart(500_000, settings.slotsPerFrame(), 400_000, 0);
        bob.onFrameStart(forged);
        assertThat(bob.lastFrameId()).isEqualTo(-1);
        assertThat(bob.lastBlockId()).isEqualTo(-1);
        bob.onLinkLost();
        assertThat(bob.lastFrameId()).isEqualTo(-1);
        assertThat(bob.lastBlockId()).isEqualTo(-1);
        // a forged Hello cannot push Alice's counters near overflow either
        alice.onLinkLost();
        Hello genuine = bob.hello("b", -1);
        Hello forgedHello =
                new Hello(
                        false,
                        "b",
                        genuine.settingsDigest(),
                        Long.MAX_VALUE - 1,
                        -1,
                        genuine.authPosition(),
                        Long.MAX_VALUE - 1);
        assertThatThrownBy(() -> alice.onHello(forgedHello, id -> false))
                .isInstanceOf(LinkProtocolException.class);
        assertThat(alice.lastBlockId()).isEqualTo(-1);
        assertThat(alice.nextFrameId()).isZero();
        // Alice and Bob still agree (Bob's forged block used offset 0: Alice moves past it)
        bob.onResume((Resume) alice.onHello(genuine, id -> false).messages().get(0));
        KeyBlock a = runBlock();
        assertThat(bob.lastBlockId()).isEqualTo(a.blockId());
        assertThat(bob.lastFrameId()).isEqualTo(alice.nextFrameId() - 1);
    }

    // AUDIT finding 17: the key-store segment size was not part of the peer agreement.
    @Test
    void differentKeyStoreSegmentSizesAreASettingsMismatch() throws Exception {
        rnd.nextBytes(secret);
        BobSifter other =
                new BobSifter(
                        settings,
                        AuthKeyPool.inMemory(secret),
                        LinkMonitor.of(settings),
                        -1,
                        -1,
                        2 * SEGMENT_BITS);
        AliceSifter a =
                new AliceSifter(
                        settings,
                        AuthKeyPool.inMemory(secret),
                        LinkMonitor.of(settings),
                        -1,
                        -1,
                        new SplittableRandom(SEED),
                        () -> 0L,
                        SEGMENT_BITS);
        assertThatThrownBy(() -> other.onHello(a.hello("a", -1)))
                .isInstanceOf(LinkProtocolException.class)
                .hasMessageContaining("settings differ")
                .hasMessageContaining("segment size");
        assertThatThrownBy(() -> a.onHello(other.hello("b", -1), id -> false))
                .isInstanceOf(LinkProtocolException.class)
                .hasMessageContaining("settings differ");
    }
}
