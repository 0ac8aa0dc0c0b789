package io.qkdmodem.firmware.runtime;

import io.qkdmodem.firmware.auth.AuthKeyPool;
import io.qkdmodem.firmware.auth.AuthPoolException;
import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.link.Commit;
import io.qkdmodem.firmware.link.FrameStart;
import io.qkdmodem.firmware.link.Hello;
import io.qkdmodem.firmware.link.LinkMessage;
import io.qkdmodem.firmware.link.LinkProtocolException;
import io.qkdmodem.firmware.link.PeerChannel;
import io.qkdmodem.firmware.link.PeerConnector;
import io.qkdmodem.firmware.link.Reject;
import io.qkdmodem.firmware.link.Resume;
import io.qkdmodem.firmware.link.Sift;
import io.qkdmodem.firmware.runtime.FirmwareStatus.Phase;
import io.qkdmodem.firmware.sifting.BobSifter;
import io.qkdmodem.firmware.sifting.LinkMonitor;
import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.Receiver;
import io.qkdmodem.hal.status.ModemStatus;
import io.qkdmodem.hal.status.StatusIndicator;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bob's acquisition loop: answer Alice's frames with clicks, sift, append blocks. */
final class BobEngine extends Engine {
    private static final Logger LOG = LoggerFactory.getLogger(BobEngine.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(250);

    /** Opens Bob's optics (again after a failure). */
    @FunctionalInterface
    interface ReceiverOpener {
        Receiver open() throws HalException;
    }

    private final BobSifter sifter;
    private final ReceiverOpener opener;
    private Receiver receiver;

    BobEngine(
            FirmwareConfig config,
            StoreOps store,
            AuthKeyPool pool,
            LinkMonitor monitor,
            PeerConnector connector,
            FirmwareListener listener,
            StatusIndicator indicator,
            StateFile stateFile,
            ReceiverOpener opener,
            long lastBlockId,
            long lastFrameId) {
        super(config, store, pool, monitor, connector, listener, indicator, stateFile);
        this.opener = opener;
        this.sifter =
                new BobSifter(
                        config.sifting(),
                        pool,
                        monitor,
                        lastBlockId,
                        lastFrameId,
                        store.store().segmentBits());
    }

    @Override
    long lastBlockId() {
        return sifter.lastBlockId();
    }

    @Override
    long lastFrameId() {
        return sifter.lastFrameId();
    }

    @Override
    void session(PeerChannel ch) throws Exception {
        ch.send(sifter.hello(config.deviceId(), store.highestAvailable(sifter.lastBlockId())));
        Hello alice = expect(ch, Hello.class, config.frameTimeout());
        try {
            sifter.onHello(alice);
        } catch (LinkProtocolException e) {
            if (e.getMessage().contains("settings differ")) {
                phase(Phase.SETTINGS_MISMATCH, ModemStatus.FAULT);
                problem(e.getMessage());
                pause(config.reconnectInterval().multipliedBy(10));
            }
            throw e;
        }
        LinkMessage first = ch.receive(config.frameTimeout());
        if (first instanceof Reject r && r.reason() == Reject.Reason.SETTINGS_MISMATCH) {
            phase(Phase.SETTINGS_MISMATCH, ModemStatus.FAULT);
            throw new LinkProtocolException("peer reports different sifting settings");
        }
        if (!(first instanceof Resume resume)) {
            throw new IOException("no Resume from Alice");
        }
        execute(sifter.onResume(resume), ch, sifter::onStoreFailure);
        persistUsedIds();
        // Optics are reopened with every session, so both ends of a simulated or front-end link
        // come back together after either modem restarts.
        closeOptics();
        openOptics();
        linkUp = true;
        LOG.info("resuming with peer {}: next block {}", alice.deviceId(), resume.nextBlockId());
        phase(Phase.ACQUIRING, ModemStatus.ACQUIRING);
        while (keepServing(sifter.state() != BobSifter.State.AWAIT_FRAME)) {
            LinkMessage m = ch.receive(IDLE_POLL);
            if (m == null) {
                continue;
            }
            if (m instanceof FrameStart f) {
                onFrame(f, ch);
            } else if (m instanceof Sift s) {
                execute(sifter.onSift(s), ch, sifter::onStoreFailure);
                framesDone++;
            } else if (m instanceof Commit c) {
                execute(sifter.onCommit(c), ch, sifter::onStoreFailure);
                phase(Phase.ACQUIRING, ModemStatus.KEY_READY);
            } else if (m instanceof Reject r) {
                if (r.blockId() == -1 && r.reason() == Reject.Reason.SHUTDOWN) {
                    execute(sifter.onReject(r), ch, sifter::onStoreFailure);
                    throw new IOException("peer is shutting down");
                }
                execute(sifter.onReject(r), ch, sifter::onStoreFailure);
            } else {
                throw new LinkProtocolException("unexpected " + m);
            }
        }
    }

    private void openOptics() throws IOException {
        try {
            receiver = opener.open();
        } catch (HalException e) {
            phase(Phase.OPTICS_FAULT, ModemStatus.FAULT);
            problem("optics: " + e.getMessage());
            throw new IOException("optics unavailable: " + e.getMessage(), e);
        }
    }

    private void onFrame(FrameStart f, PeerChannel ch) throws Exception {
        if (receiver == null) {
            openOptics();
        }
        try {
            sifter.onFrameStart(f);
        } catch (AuthPoolException e) {
            Reject.Reason why =
                    switch (e.reason()) {
                        case REUSE -> Reject.Reason.AUTH_KEY_REUSE;
                        case MISSING -> Reject.Reason.AUTH_KEY_MISSING;
                        default -> Reject.Reason.AUTH_POOL_EMPTY;
                    };
            if (why == Reject.Reason.AUTH_POOL_EMPTY) {
                phase(Phase.AUTH_POOL_EMPTY, ModemStatus.FAULT);
                listener.authPoolEmpty(pool.available());
            }
            problem("block " + f.blockId() + " refused: " + e.getMessage());
            execute(sifter.rejectCurrent(f.blockId(), why), ch, sifter::onStoreFailure);
            return;
        }
        persistUsedIds();
        ClickReport report;
        try {
            report = receiver.receive(f.frameId(), f.slotCount(), config.frameTimeout());
        } catch (HalException e) {
            receiver.close();
            receiver = null;
            phase(Phase.OPTICS_FAULT, ModemStatus.FAULT);
            throw new IOException("optics failed, resynchronising: " + e.getMessage(), e);
        }
        phase(Phase.ACQUIRING, ModemStatus.ACQUIRING);
        execute(sifter.onMeasured(report), ch, sifter::onStoreFailure);
    }

    @Override
    void afterSession() {
        sifter.onLinkLost();
    }

    @Override
    void closeOptics() {
        if (receiver != null) {
            receiver.enterSafeState();
            receiver.close();
            receiver = null;
        }
    }
}
