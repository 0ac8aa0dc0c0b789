package io.qkdmodem.hal.frontend.sim;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.frontend.FrontEndLines;
import io.qkdmodem.hal.frontend.FrontEndProtocol;
import io.qkdmodem.hal.frontend.SpiLink;
import io.qkdmodem.hal.optics.BasisChoice;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.IntensityProfile;
import io.qkdmodem.hal.sim.Arrivals;
import io.qkdmodem.hal.sim.ChannelModel;
import io.qkdmodem.hal.sim.DetectorModel;
import io.qkdmodem.hal.sim.FiberLink;
import io.qkdmodem.hal.sim.SimParameters;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device side of the SPI front-end protocol over the physics simulator. It implements the
 * board's {@link SpiLink} and {@link FrontEndLines} as the wire would: request bytes in, response
 * bytes clocked out by later transfers. As a transmitter it expands LOAD_SEED's key into slot
 * states and sends the frame's {@link Arrivals} down the fiber on FIRE; as a receiver, ARM starts a
 * detection of that frame (on a device thread, as the real front-end works while the board waits)
 * and raises frame-ready when its click records can be read.
 */
public final class SimulatedFrontEnd implements SpiLink, FrontEndLines, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedFrontEnd.class);
    private static final IntensityProfile BASIS_ONLY = IntensityProfile.signalOnly(1);

    private final SimParameters params;
    private final FiberLink fiber;
    private final boolean transmitter;
    private final boolean receiver;
    private final int maxSlots;
    private final DetectorModel detector;
    private final Duration deviceWait;

    private byte[] out;
    private int cursor;
    // transmitter state
    private long loadedId = -1;
    private int loadedSlots;
    private byte[] loadedKey;
    private int loadedSignal;
    private int loadedDecoy;
    private long lastFired = -1;
    private boolean laserOn;
    private long framesFired;
    // receiver state
    private long armedId = -1;
    private int armedSlots;
    private byte[] armedKeyCheck = new byte[0];
    private int[] readySlots;
    private byte[] readyMasks;
    private boolean frameReady;
    private Thread worker;
    private int generation;
    private long transfers;

    /**
     * @param deviceWait how long an armed receiver waits for its frame on the fiber
     */
    public SimulatedFrontEnd(
            SimParameters params,
            FiberLink fiber,
            boolean transmitter,
            boolean receiver,
            int maxSlots,
            Duration deviceWait) {
        this.params = params;
        this.fiber = fiber;
        this.transmitter = transmitter;
        this.receiver = receiver;
        this.maxSlots = maxSlots;
        this.detector = new DetectorModel(params);
        this.deviceWait = deviceWait;
    }

    /** Whether the simulated laser is firing (only inside FIRE). */
    public synchronized boolean laserOn() {
        return laserOn;
    }

    public synchronized long framesFired() {
        return framesFired;
    }

    public synchronized long transfers() {
        return transfers;
    }

    // ---- the wire -------------------------------------------------------------------------

    @Override
    public synchronized void transfer(byte[] tx, byte[] rx) {
        if (tx.length != rx.length) {
            throw new IllegalArgumentException("SPI transfers are full duplex: equal lengths");
        }
        transfers++;
        if (tx.length > 0 && tx[0] == FrontEndProtocol.REQUEST_SYNC) {
            Arrays.fill(rx, (byte) 0xFF);
            out = handleRequest(tx);
            cursor = 0;
            return;
        }
        for (int i = 0; i < rx.length; i++) {
            rx[i] = out != null && cursor < out.length ? out[cursor++] : 0;
        }
        if (out != null && cursor >= out.length) {
            out = null;
        }
    }

    @Override
    public synchronized void pulseReset() {
        generation++;
        laserOn = false;
        clearLoaded();
        armedId = -1;
        Arrays.fill(armedKeyCheck, (byte) 0);
        armedKeyCheck = new byte[0];
        frameReady = false;
        readySlots = null;
        readyMasks = null;
        out = null;
        lastFired = -1;
    }

    @Override
    public synchronized boolean awaitFrameReady(Duration timeout) throws HalException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!frameReady) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HalException("interrupted waiting for frame-ready", e);
            }
        }
        return true;
    }

    // ---- commands ---------------------------------------------------------------------------

    private byte[] handleRequest(byte[] tx) {
        if (tx.length < 6) {
            return FrontEndProtocol.response(FrontEndProtocol.STATUS_BAD_LENGTH, new byte[0]);
        }
        int cmd = tx[1] & 0xff;
        int len = (tx[2] & 0xff) << 8 | tx[3] & 0xff;
        if (tx.length != len + 6) {
            return FrontEndProtocol.response(FrontEndProtocol.STATUS_BAD_LENGTH, new byte[0]);
        }
        int crc = (tx[4 + len] & 0xff) << 8 | tx[5 + len] & 0xff;
        if (FrontEndProtocol.crc16(tx, 1, 3 + len) != crc) {
            return FrontEndProtocol.response(FrontEndProtocol.STATUS_BAD_CRC, new byte[0]);
        }
        ByteBuffer p = ByteBuffer.wrap(tx, 4, len).slice();
        return switch (cmd) {
            case FrontEndProtocol.CMD_HELLO -> hello();
            case FrontEndProtocol.CMD_LOAD_SEED -> transmitter ? loadSeed(p, len) : unknown();
            case FrontEndProtocol.CMD_FIRE -> transmitter ? fire(p, len) : unknown();
            case FrontEndProtocol.CMD_ARM -> receiver ? arm(p, len) : unknown();
            case FrontEndProtocol.CMD_READ_CLICKS -> receiver ? readClicks(p, len) : unknown();
            case FrontEndProtocol.CMD_STATUS ->
                    ok(
                            ByteBuffer.allocate(10)
                                    .put((byte) (laserOn ? 1 : 0))
                                    .put((byte) (frameReady ? 1 : 0))
                                    .putLong(framesFired)
                                    .array());
            case FrontEndProtocol.CMD_SAFE -> {
                laserOn = false;
                clearLoaded();
                yield ok(new byte[0]);
            }
            default -> unknown();
        };
    }

    private static byte[] ok(byte[] payload) {
        return FrontEndProtocol.response(FrontEndProtocol.STATUS_OK, payload);
    }

    private static byte[] status(int s) {
        return FrontEndProtocol.response(s, new byte[0]);
    }

    private static byte[] unknown() {
        return status(FrontEndProtocol.STATUS_UNKNOWN_COMMAND);
    }

    private byte[] hello() {
        ByteBuffer b = ByteBuffer.allocate(FrontEndProtocol.HELLO_RESPONSE_LEN);
        b.put((byte) FrontEndProtocol.VERSION);
        b.put((byte) ((transmitter ? 1 : 0) | (receiver ? 2 : 0)));
        b.putInt(maxSlots);
        b.putLong((long) params.slotRate());
        b.put((byte) params.detectors());
        b.put((byte) (params.basisChoice() == BasisChoice.PASSIVE ? 1 : 0));
        return ok(b.array());
    }

    private byte[] loadSeed(ByteBuffer p, int len) {
        if (len != FrontEndProtocol.LOAD_SEED_LEN) {
            return status(FrontEndProtocol.STATUS_BAD_LENGTH);
        }
        long id = p.getLong();
        int slots = p.getInt();
        byte[] key = new byte[16];
        p.get(key);
        int sig = p.getInt();
        int dec = p.getInt();
        if (slots <= 0 || slots > maxSlots) {
            return status(FrontEndProtocol.STATUS_TOO_LARGE);
        }
        if (id <= lastFired) {
            return status(FrontEndProtocol.STATUS_BAD_ORDER);
        }
        if (sig < 1 || sig > dec || dec > IntensityProfile.SCALE) {
            return status(FrontEndProtocol.STATUS_BAD_LENGTH);
        }
        clearLoaded();
        loadedId = id;
        loadedSlots = slots;
        loadedKey = key;
        loadedSignal = sig;
        loadedDecoy = dec;
        return ok(new byte[0]);
    }

    private byte[] fire(ByteBuffer p, int len) {
        if (len != FrontEndProtocol.FIRE_LEN) {
            return status(FrontEndProtocol.STATUS_BAD_LENGTH);
        }
        long id = p.getLong();
        if (id == lastFired) {
            return ok(new byte[0]); // a retried FIRE whose answer was lost: already fired
        }
        if (loadedKey == null || id != loadedId) {
            return status(FrontEndProtocol.STATUS_NOT_LOADED);
        }
        double scale = IntensityProfile.SCALE;
        IntensityProfile profile =
                new IntensityProfile(
                        params.profile().muSignal(),
                        params.profile().muDecoy(),
                        loadedSignal / scale,
                        (loadedDecoy - loadedSignal) / scale);
        SimParameters frameParams = params.toBuilder().profile(profile).build();
        CtrSlotStateSource states = new CtrSlotStateSource(loadedKey, id, loadedSlots, profile);
        laserOn = true;
        try {
            fiber.send(new ChannelModel(frameParams).propagate(id, loadedSlots, states));
        } catch (HalException e) {
            LOG.warn("simulated front-end: fiber send failed: {}", e.getMessage());
            return status(FrontEndProtocol.STATUS_INTERNAL);
        } finally {
            laserOn = false;
            states.destroy();
        }
        lastFired = id;
        framesFired++;
        clearLoaded();
        return ok(new byte[0]);
    }

    private void clearLoaded() {
        if (loadedKey != null) {
            Arrays.fill(loadedKey, (byte) 0);
        }
        loadedKey = null;
        loadedId = -1;
    }

    private byte[] arm(ByteBuffer p, int len) {
        if (len != FrontEndProtocol.ARM_LEN) {
            return status(FrontEndProtocol.STATUS_BAD_LENGTH);
        }
        long id = p.getLong();
        int slots = p.getInt();
        byte[] key = new byte[16];
        p.get(key);
        if (slots <= 0 || slots > maxSlots) {
            return status(FrontEndProtocol.STATUS_TOO_LARGE);
        }
        if (id == armedId && slots == armedSlots && Arrays.equals(key, armedKeyCheck)) {
            Arrays.fill(key, (byte) 0);
            return ok(new byte[0]); // a retried ARM whose answer was lost: already armed
        }
        armedId = id;
        armedSlots = slots;
        armedKeyCheck = key.clone();
        frameReady = false;
        readySlots = null;
        readyMasks = null;
        int gen = ++generation;
        worker = new Thread(() -> detect(gen, id, slots, key), "sim-frontend-detect-" + id);
        worker.setDaemon(true);
        worker.start();
        return ok(new byte[0]);
    }

    private void detect(int gen, long id, int slots, byte[] key) {
        try {
            Arrivals a = fiber.receive(id, deviceWait);
            if (a.slotCount() != slots) {
                LOG.warn(
                        "simulated front-end: frame {} has {} slots, armed for {}",
                        id,
                        a.slotCount(),
                        slots);
                return;
            }
            CtrSlotStateSource bases =
                    params.basisChoice() == BasisChoice.ACTIVE
                            ? new CtrSlotStateSource(key, id, slots, BASIS_ONLY)
                            : null;
            ClickReport r = detector.detect(a, bases);
            if (bases != null) {
                bases.destroy();
            }
            int[] s = new int[r.size()];
            byte[] m = new byte[r.size()];
            for (int i = 0; i < r.size(); i++) {
                s[i] = r.slot(i);
                m[i] = (byte) r.detectorMask(i);
            }
            synchronized (this) {
                if (gen == generation) {
                    readySlots = s;
                    readyMasks = m;
                    frameReady = true;
                    notifyAll();
                }
            }
        } catch (HalException e) {
            LOG.debug("simulated front-end: frame {} not detected: {}", id, e.getMessage());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private byte[] readClicks(ByteBuffer p, int len) {
        if (len != FrontEndProtocol.READ_CLICKS_LEN) {
            return status(FrontEndProtocol.STATUS_BAD_LENGTH);
        }
        long id = p.getLong();
        int start = p.getInt();
        int max = p.getShort() & 0xffff;
        if (id != armedId) {
            return status(FrontEndProtocol.STATUS_NO_SUCH_FRAME);
        }
        if (!frameReady) {
            return status(FrontEndProtocol.STATUS_NOT_READY);
        }
        int total = readySlots.length;
        if (start < 0 || start > total) {
            return status(FrontEndProtocol.STATUS_BAD_LENGTH);
        }
        int n = Math.min(Math.min(max, FrontEndProtocol.MAX_CLICKS_PER_READ), total - start);
        ByteBuffer b = ByteBuffer.allocate(6 + n * FrontEndProtocol.CLICK_RECORD);
        b.putInt(total).putShort((short) n);
        for (int i = start; i < start + n; i++) {
            b.putInt(readySlots[i]).put(readyMasks[i]);
        }
        return ok(b.array());
    }

    @Override
    public synchronized void close() {
        pulseReset();
        fiber.close();
    }
}
