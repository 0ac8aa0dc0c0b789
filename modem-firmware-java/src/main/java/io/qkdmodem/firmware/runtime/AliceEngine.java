package io.qkdmodem.firmware.runtime;

import io.qkdmodem.firmware.acquisition.CtrRandom;
import io.qkdmodem.firmware.auth.AuthKeyPool;
import io.qkdmodem.firmware.auth.AuthPoolException;
import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.link.Clicks;
import io.qkdmodem.firmware.link.Confirm;
import io.qkdmodem.firmware.link.FrameStart;
import io.qkdmodem.firmware.link.Hello;
import io.qkdmodem.firmware.link.LinkMessage;
import io.qkdmodem.firmware.link.LinkProtocolException;
import io.qkdmodem.firmware.link.PeerChannel;
import io.qkdmodem.firmware.link.PeerConnector;
import io.qkdmodem.firmware.link.Reject;
import io.qkdmodem.firmware.runtime.FirmwareStatus.Phase;
import io.qkdmodem.firmware.sifting.AliceSifter;
import io.qkdmodem.firmware.sifting.LinkMonitor;
import io.qkdmodem.firmware.sifting.SiftingSettings;
import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.entropy.EntropySource;
import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.Frame;
import io.qkdmodem.hal.optics.Transmitter;
import io.qkdmodem.hal.status.ModemStatus;
import io.qkdmodem.hal.status.StatusIndicator;
import java.io.IOException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Alice's acquisition loop: fire a frame, sift it with Bob, append blocks, again. */
final class AliceEngine extends Engine {
    private static final Logger LOG = LoggerFactory.getLogger(AliceEngine.class);

    /** Opens Alice's optics (again after a failure). */
    @FunctionalInterface
    interface TransmitterOpener {
        Transmitter open() throws HalException;
    }

    private final AliceSifter sifter;
    private final EntropySource entropy;
    private final TransmitterOpener opener;
    private final SiftingSettings settings;
    private Transmitter transmitter;

    AliceEngine(
            FirmwareConfig config,
            StoreOps store,
            AuthKeyPool pool,
            LinkMonitor monitor,
            PeerConnector connector,
            FirmwareListener listener,
            StatusIndicator indicator,
            StateFile stateFile,
            EntropySource entropy,
            TransmitterOpener opener,
            long lastBlockId,
            long lastFrameId) {
        super(config, store, pool, monitor, connector, listener, indicator, stateFile);
        this.entropy = entropy;
        this.opener = opener;
        this.settings = config.sifting();
        // The monitor's sample positions are disclosed on the link: draw them from a
        // cryptographic generator keyed by the entropy source, so past ones predict nothing.
        byte[] seed = new byte[CtrRandom.SEED_BYTES];
        CtrRandom sampler;
        try {
            entropy.nextBytes(seed);
            sampler = new CtrRandom(seed);
        } catch (Exception e) {
            throw new IllegalStateException("entropy source failed at start: " + e.getMessage(), e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        this.sifter =
                new AliceSifter(
                        settings,
                        pool,
                        monitor,
                        lastBlockId,
                        lastFrameId,
                        sampler,
                        System::currentTimeMillis,
                        store.store().segmentBits());
    }

    @Override
    long lastBlockId() {
        return sifter.lastBlockId();
    }

    @Override
    long lastFrameId() {
        return sifter.nextFrameId() - 1;
    }

    @Override
    void session(PeerChannel ch) throws Exception {
        long stored = store.highestAvailable(sifter.lastBlockId());
        ch.send(sifter.hello(config.deviceId(), stored));
        Hello bob = expect(ch, Hello.class, config.frameTimeout());
        try {
            // Alice holds a block if it is in her store, or if a later one is (blocks commit in
            // order, so an older one was committed even if her host used it up since).
            execute(
                    sifter.onHello(
                            bob, id -> id <= stored || store.store().blockInfo(id).isPresent()),
                    ch,
                    sifter::onStoreFailure);
            persistUsedIds();
        } catch (LinkProtocolException e) {
            if (e.getMessage().contains("settings differ")) {
                phase(Phase.SETTINGS_MISMATCH, ModemStatus.FAULT);
                problem(e.getMessage());
                ch.send(new Reject(-1, Reject.Reason.SETTINGS_MISMATCH));
                pause(config.reconnectInterval().multipliedBy(10));
            }
            throw e;
        }
        closeOptics();
        linkUp = true;
        LOG.info(
                "resuming with peer {}: next block {}, next frame {}",
                bob.deviceId(),
                sifter.lastBlockId() + 1,
                sifter.nextFrameId());
        while (running) {
            if (transmitter == null) {
                try {
                    transmitter = opener.open();
                } catch (HalException e) {
                    phase(Phase.OPTICS_FAULT, ModemStatus.FAULT);
                    problem("optics: " + e.getMessage());
                    pause(config.reconnectInterval().multipliedBy(4));
                    continue;
                }
            }
            frame(ch);
        }
        ch.send(new Reject(-1, Reject.Reason.SHUTDOWN));
    }

    private void frame(PeerChannel ch) throws Exception {
        byte[] key = new byte[CtrSlotStateSource.KEY_BYTES];
        entropy.nextBytes(key);
        CtrSlotStateSource states =
                new CtrSlotStateSource(
                        key,
                        sifter.nextFrameId(),
                        settings.slotsPerFrame(),
                        settings.intensities(),
                        settings.pRectilinear());
        Arrays.fill(key, (byte) 0);
        try {
            FrameStart fs;
            try {
                fs = sifter.startFrame(states);
            } catch (AuthPoolException e) {
                authPoolEmpty(e);
                return;
            }
            phase(Phase.ACQUIRING, ModemStatus.ACQUIRING);
            persistUsedIds();
            ch.send(fs);
            sifter.addPulses(states.countCells());
            try {
                transmitter.emit(new Frame(fs.frameId(), fs.slotCount(), states));
            } catch (HalException e) {
                transmitter.close();
                transmitter = null;
                phase(Phase.OPTICS_FAULT, ModemStatus.FAULT);
                throw new IOException("optics failed, resynchronising: " + e.getMessage(), e);
            }
            LinkMessage m = ch.receive(config.frameTimeout());
            if (m == null) {
                throw new IOException("no clicks for frame " + fs.frameId());
            }
            if (m instanceof Reject r) {
                onReject(r, ch);
                return;
            }
            if (!(m instanceof Clicks c)) {
                throw new LinkProtocolException("expected Clicks, got " + m);
            }
            execute(sifter.onClicks(c), ch, sifter::onStoreFailure);
            framesDone++;
            if (sifter.state() == AliceSifter.State.AWAIT_CONFIRM) {
                LinkMessage a = ch.receive(config.frameTimeout());
                if (a == null) {
                    throw new IOException("no confirmation of block " + fs.blockId());
                }
                if (a instanceof Reject r) {
                    onReject(r, ch);
                } else if (a instanceof Confirm cf) {
                    execute(sifter.onConfirm(cf), ch, sifter::onStoreFailure);
                } else {
                    throw new LinkProtocolException("expected Confirm, got " + a);
                }
            }
        } finally {
            states.destroy();
        }
    }

    private void onReject(Reject r, PeerChannel ch) throws IOException {
        execute(sifter.onReject(r), ch, sifter::onStoreFailure);
        if (r.reason() == Reject.Reason.AUTH_KEY_MISSING) {
            LOG.info(
                    "block {}: the peer's auth pool has a gap where its tag keys lie (a"
                            + " replenished slice it never received); the next block uses keys"
                            + " after it",
                    r.blockId());
        }
        if (r.reason() == Reject.Reason.AUTH_POOL_EMPTY) {
            phase(Phase.AUTH_POOL_EMPTY, ModemStatus.FAULT);
            listener.authPoolEmpty(pool.available());
            pause(config.reconnectInterval().multipliedBy(4));
        }
    }

    private void authPoolEmpty(AuthPoolException e) {
        if (phase != Phase.AUTH_POOL_EMPTY) {
            problem(
                    "acquisition stopped: the authentication pool cannot pay for another block ("
                            + e.getMessage()
                            + "); replenish it from the host");
            listener.authPoolEmpty(pool.available());
        }
        phase(Phase.AUTH_POOL_EMPTY, ModemStatus.FAULT);
        pause(config.reconnectInterval().multipliedBy(4));
    }

    @Override
    void afterSession() {
        sifter.onLinkLost();
    }

    @Override
    void closeOptics() {
        if (transmitter != null) {
            transmitter.enterSafeState();
            transmitter.close();
            transmitter = null;
        }
    }
}
