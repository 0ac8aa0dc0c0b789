package io.qkdmodem.firmware.runtime;

import io.qkdmodem.firmware.auth.AuthKeyPool;
import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.link.LinkCodec;
import io.qkdmodem.firmware.link.LinkMessage;
import io.qkdmodem.firmware.link.LinkProtocolException;
import io.qkdmodem.firmware.link.PeerChannel;
import io.qkdmodem.firmware.link.PeerConnector;
import io.qkdmodem.firmware.runtime.FirmwareStatus.Phase;
import io.qkdmodem.firmware.sifting.LinkMonitor;
import io.qkdmodem.firmware.sifting.Step;
import io.qkdmodem.hal.status.ModemStatus;
import io.qkdmodem.hal.status.StatusIndicator;
import io.qkdmodem.keystore.KeyBlock;
import io.qkdmodem.keystore.KeyStoreException;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Alice's and Bob's engines share: the thread, the reconnect loop, executing the sifting
 * machines' {@link Step}s (append before send), counters and status. One engine thread per
 * instance; {@link #stop()} may be called from any thread.
 */
abstract class Engine implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    protected final FirmwareConfig config;
    protected final StoreOps store;
    protected final AuthKeyPool pool;
    protected final LinkMonitor monitor;
    protected final PeerConnector connector;
    protected final FirmwareListener listener;
    protected final StatusIndicator indicator;
    protected final StateFile stateFile;

    protected volatile boolean running = true;
    private volatile PeerChannel channel;
    private final Thread thread;

    volatile Phase phase = Phase.STARTING;
    volatile boolean linkUp;
    volatile long blocksCommitted;
    volatile long blocksDiscarded;
    volatile long framesDone;
    volatile long siftedKeyBits;
    volatile String lastProblem;

    Engine(
            FirmwareConfig config,
            StoreOps store,
            AuthKeyPool pool,
            LinkMonitor monitor,
            PeerConnector connector,
            FirmwareListener listener,
            StatusIndicator indicator,
            StateFile stateFile) {
        this.config = config;
        this.store = store;
        this.pool = pool;
        this.monitor = monitor;
        this.connector = connector;
        this.listener = listener;
        this.indicator = indicator;
        this.stateFile = stateFile;
        this.thread =
                new Thread(
                        this,
                        "firmware-" + config.role().name().toLowerCase(java.util.Locale.ROOT));
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Stops the engine: it finishes the exchange in progress (a closing block is committed on both
     * sides or on neither), then leaves; after {@code wait} the link is closed under it.
     */
    void stop(Duration wait) {
        running = false;
        stopRequestedNanos = System.nanoTime();
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            PeerChannel ch = channel;
            if (ch != null) {
                ch.close();
            }
            connector.close();
            // No interrupt: an interrupted FileChannel write would close the flash image.
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connector.close();
        phase = Phase.STOPPED;
    }

    volatile long stopRequestedNanos;

    /** True while running, or while stopping and an exchange is still in progress (bounded). */
    boolean keepServing(boolean exchangeInProgress) {
        if (running) {
            return true;
        }
        return exchangeInProgress
                && System.nanoTime() - stopRequestedNanos < config.frameTimeout().toNanos();
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    abstract long lastBlockId();

    /** One connected session with the peer; returns or throws when the link is lost. */
    abstract void session(PeerChannel ch) throws Exception;

    /** Called after a session ended, before reconnecting. */
    abstract void afterSession();

    @Override
    public void run() {
        try {
            loop();
        } catch (Throwable t) { // an Error: never let the engine die silently
            phase = Phase.FAULT;
            lastProblem = "acquisition stopped: " + t;
            LOG.error("acquisition stopped", t);
            try {
                closeOptics();
            } catch (Throwable u) {
                LOG.error("optics not closed", u);
            }
            indicator.show(ModemStatus.FAULT);
            return;
        }
        closeOptics();
        indicator.show(ModemStatus.OFF);
        phase = Phase.STOPPED;
    }

    private void loop() {
        while (running) {
            phase(Phase.CONNECTING, ModemStatus.IDLE);
            PeerChannel ch;
            try {
                ch = connector.connect(config.reconnectInterval().multipliedBy(4));
            } catch (IOException e) {
                if (running) {
                    LOG.debug("peer link not up yet: {}", e.getMessage());
                    pause(config.reconnectInterval());
                }
                continue;
            }
            channel = ch;
            ch.limitMessageSize(LinkCodec.maxMessageFor(config.sifting().slotsPerFrame()));
            LOG.info("peer link up ({})", ch.peer());
            try {
                session(ch);
            } catch (LinkProtocolException e) {
                if (running) {
                    problem("peer link protocol error: " + e.getMessage());
                }
            } catch (IOException e) {
                if (running) {
                    LOG.warn("peer link lost: {}", e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                if (running) {
                    problem("acquisition failed: " + e);
                    LOG.error("acquisition failed", e);
                }
            } finally {
                channel = null;
                ch.close();
                if (linkUp) {
                    linkUp = false;
                    listener.linkDown();
                }
                afterSession();
            }
            if (running) {
                pause(config.reconnectInterval());
            }
        }
    }

    /** Puts the optics in their safe state and releases them (engine thread, at exit). */
    abstract void closeOptics();

    /** Executes a step: drop, append (durably), then send, announce, alarms. */
    void execute(Step step, PeerChannel ch, StoreFailureHandler onStoreFailure) throws IOException {
        if (step.dropBlockId() >= 0) {
            if (store.drop(step.dropBlockId())) {
                listener.blockDiscarded(step.dropBlockId(), "dropped on the peer's request");
            }
        }
        KeyBlock block = step.append();
        if (block != null) {
            try {
                store.append(block);
            } catch (KeyStoreException e) {
                problem("block " + block.blockId() + " not stored: " + e.getMessage());
                if (e.reason() == KeyStoreException.Reason.STORE_FULL) {
                    listener.storeFull(store.store().stats().availableBits());
                }
                execute(onStoreFailure.failed(block.blockId()), ch, onStoreFailure);
                return;
            } finally {
                block.bits().destroy();
            }
            siftedKeyBits += block.bits().bitLength();
            saveState(block.blockId());
        }
        for (LinkMessage m : step.messages()) {
            ch.send(m);
        }
        if (step.announceBlockId() >= 0) {
            blocksCommitted++;
            saveState(step.announceBlockId());
            long avail = store.store().stats().availableBits();
            LOG.info(
                    "block {} held by both modems; {} bits available",
                    step.announceBlockId(),
                    avail);
            indicator.show(monitor.alarm() ? ModemStatus.FAULT : ModemStatus.KEY_READY);
            listener.blockReady(step.announceBlockId(), avail);
        }
        for (String a : step.alarms()) {
            problem(a);
            if (a.startsWith("QBER")) {
                listener.qberAlarm(monitor.qber());
            } else if (a.contains("discarded") || a.contains("dropped")) {
                blocksDiscarded++;
            }
        }
    }

    /** Turns a failed append into the machine's answer. */
    @FunctionalInterface
    interface StoreFailureHandler {
        Step failed(long blockId);
    }

    private long persistedBlockId = Long.MIN_VALUE;

    /** Makes the highest block id used durable before a message names it (ids never repeat). */
    void persistUsedIds() {
        if (lastBlockId() > persistedBlockId) {
            saveState(lastBlockId());
        }
    }

    void saveState(long blockId) {
        try {
            long used = Math.max(blockId, lastBlockId());
            stateFile.write(used, lastFrameId());
            persistedBlockId = Math.max(persistedBlockId, used);
        } catch (IOException e) {
            LOG.warn("state file not written: {}", e.getMessage());
        }
    }

    abstract long lastFrameId();

    void problem(String what) {
        lastProblem = what;
        LOG.warn(what);
    }

    void phase(Phase p, ModemStatus shown) {
        if (phase != p) {
            phase = p;
            LOG.info("phase {}", p);
        }
        indicator.show(monitor.alarm() ? ModemStatus.FAULT : shown);
    }

    /** Waits for the next message of an expected kind, or fails (link lost). */
    <T extends LinkMessage> T expect(PeerChannel ch, Class<T> kind, Duration timeout)
            throws IOException, LinkProtocolException {
        LinkMessage m = ch.receive(timeout);
        if (m == null) {
            throw new IOException(
                    "no " + kind.getSimpleName() + " from the peer within " + timeout);
        }
        if (!kind.isInstance(m)) {
            throw new LinkProtocolException(
                    "expected " + kind.getSimpleName() + ", got " + m.getClass().getSimpleName());
        }
        return kind.cast(m);
    }

    void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
