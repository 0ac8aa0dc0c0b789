package io.qkdmodem.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.PullResistance;
import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.entropy.EntropySource;
import io.qkdmodem.hal.optics.BasisChoice;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.DoubleClicks;
import io.qkdmodem.hal.optics.IntensityProfile;
import io.qkdmodem.hal.optics.Receiver;
import io.qkdmodem.hal.optics.ReceiverInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bob over GPIO lines. It listens all the time: a rising {@code frame-in} starts a frame (Bob draws
 * a fresh key for his per-slot bases), each rising {@code sync-in} (Alice's trigger) starts the
 * next slot and sets {@code basis-out} for the slot after it, and a rising detector line within the
 * gate after the slot's sync edge marks that detector as fired. A falling {@code frame-in} closes
 * the frame and queues its report for {@link #receive}. Inputs are opened with debounce 0 (Pi4J's
 * default of 10 ms would swallow every slot). Pi4J 2.8 events carry no kernel timestamp, so the
 * gate is measured with the {@link SlotClock} when the event is handled; at the documented slot
 * rates that error is well inside the gate.
 */
public final class GpioReceiver implements Receiver {
    private static final Logger LOG = LoggerFactory.getLogger(GpioReceiver.class);
    private static final IntensityProfile BASIS_ONLY = IntensityProfile.signalOnly(1);

    private final Context context;
    private final GpioTiming timing;
    private final SlotClock clock;
    private final EntropySource entropy;
    private final BasisChoice choice;
    private final int detectors;
    private final DigitalOutput basisOut;
    private final List<DigitalInput> inputs = new ArrayList<>();
    private final BlockingQueue<Object> done = new LinkedBlockingQueue<>();

    // frame in progress, guarded by this
    private boolean inFrame;
    private int slot;
    private long syncNanos;
    private int pendingMask;
    private int currentBasis;
    private CtrSlotStateSource bases;
    private int[] clickSlots = new int[64];
    private int[] clickInfo = new int[64];
    private int clicks;
    private long lateEdges;
    private boolean closed;

    /** A finished frame: its slot count and clicks (slot, detector mask). Holds no secret. */
    private record Finished(int slotCount, int[] slots, int[] info) {}

    public GpioReceiver(
            Context context,
            GpioPinMap pins,
            GpioTiming timing,
            SlotClock clock,
            EntropySource entropy,
            BasisChoice choice,
            int detectors)
            throws HalException {
        if (detectors != 2 && detectors != 4 || choice == BasisChoice.PASSIVE && detectors != 4) {
            throw new IllegalArgumentException("use 2 detectors (active) or 4 (active or passive)");
        }
        pins.requireBob(detectors, choice == BasisChoice.ACTIVE);
        this.context = context;
        this.timing = timing;
        this.clock = clock;
        this.entropy = entropy;
        this.choice = choice;
        this.detectors = detectors;
        try {
            basisOut =
                    choice == BasisChoice.ACTIVE
                            ? context.create(
                                    DigitalOutput.newConfigBuilder(context)
                                            .id(GpioPinMap.ioId("basis-out"))
                                            .name("Bob basis-out")
                                            .address(pins.pin("basis-out"))
                                            .initial(DigitalState.LOW)
                                            .shutdown(DigitalState.LOW))
                            : null;
            input(pins, "frame-in").addListener(this::onFrame);
            input(pins, "sync-in").addListener(this::onSync);
            for (int d = 0; d < detectors; d++) {
                final int det = d;
                input(pins, "detector" + d).addListener(e -> onDetector(det, e));
            }
        } catch (RuntimeException e) {
            close();
            throw new HalException("cannot open Bob's GPIO lines: " + e.getMessage(), e);
        }
    }

    private DigitalInput input(GpioPinMap pins, String role) {
        DigitalInput in =
                context.create(
                        DigitalInput.newConfigBuilder(context)
                                .id(GpioPinMap.ioId(role))
                                .name("Bob " + role)
                                .address(pins.pin(role))
                                .pull(PullResistance.PULL_DOWN)
                                .debounce(0L));
        inputs.add(in);
        return in;
    }

    private synchronized void onFrame(DigitalStateChangeEvent<?> e) {
        if (closed) {
            return;
        }
        if (e.state() == DigitalState.HIGH) {
            startFrame();
        } else if (inFrame) {
            finishSlot();
            inFrame = false;
            Finished f =
                    new Finished(
                            slot + 1,
                            Arrays.copyOf(clickSlots, clicks),
                            Arrays.copyOf(clickInfo, clicks));
            if (bases != null) {
                bases.destroy();
                bases = null;
            }
            done.add(f);
        }
    }

    private void startFrame() {
        try {
            byte[] key = new byte[CtrSlotStateSource.KEY_BYTES];
            entropy.nextBytes(key);
            bases =
                    choice == BasisChoice.ACTIVE
                            ? new CtrSlotStateSource(key, 0, timing.maxSlotsPerFrame(), BASIS_ONLY)
                            : null;
            Arrays.fill(key, (byte) 0);
        } catch (HalException ex) {
            LOG.error("Bob's entropy failed; frame dropped: {}", ex.getMessage());
            done.add(ex);
            return;
        }
        inFrame = true;
        slot = -1;
        clicks = 0;
        pendingMask = 0;
        setBasisFor(0);
    }

    private void setBasisFor(int s) {
        if (bases != null && s < timing.maxSlotsPerFrame()) {
            basisOut.state(DigitalState.getState((bases.state(s) >>> 1 & 1) == 1));
        }
    }

    private synchronized void onSync(DigitalStateChangeEvent<?> e) {
        if (closed || !inFrame || e.state() != DigitalState.HIGH) {
            return;
        }
        finishSlot();
        slot++;
        syncNanos = clock.nanos();
        currentBasis =
                bases != null && slot < timing.maxSlotsPerFrame() ? bases.state(slot) >>> 1 & 1 : 0;
        setBasisFor(slot + 1);
    }

    private synchronized void onDetector(int det, DigitalStateChangeEvent<?> e) {
        if (closed || !inFrame || e.state() != DigitalState.HIGH) {
            return;
        }
        if (slot < 0 || clock.nanos() - syncNanos > timing.gateNanos()) {
            lateEdges++;
            return;
        }
        pendingMask |= 1 << det;
    }

    private void finishSlot() {
        if (pendingMask == 0) {
            return;
        }
        int channels =
                choice == BasisChoice.ACTIVE ? pendingMask << (currentBasis << 1) : pendingMask;
        if (clicks == clickSlots.length) {
            clickSlots = Arrays.copyOf(clickSlots, clicks * 2);
            clickInfo = Arrays.copyOf(clickInfo, clicks * 2);
        }
        clickSlots[clicks] = slot;
        clickInfo[clicks] = channels;
        clicks++;
        pendingMask = 0;
    }

    /** Detector edges that came outside any gate (diagnostics). */
    public synchronized long lateEdges() {
        return lateEdges;
    }

    @Override
    public ReceiverInfo info() {
        return new ReceiverInfo(
                "pi4j-gpio",
                choice,
                detectors,
                timing.slotRate(),
                timing.maxSlotsPerFrame(),
                false);
    }

    @Override
    public ClickReport receive(long frameId, int slotCount, Duration timeout) throws HalException {
        synchronized (this) {
            if (closed) {
                throw new HalException("receiver is closed");
            }
        }
        Object o;
        try {
            o = done.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HalException("interrupted waiting for frame " + frameId, e);
        }
        if (o == null) {
            throw new HalException("frame " + frameId + " did not arrive within " + timeout);
        }
        if (o instanceof HalException ex) {
            throw ex;
        }
        Finished f = (Finished) o;
        if (f.slotCount() != slotCount) {
            throw new HalException(
                    "frame "
                            + frameId
                            + ": counted "
                            + f.slotCount()
                            + " sync edges, expected "
                            + slotCount
                            + " (missed GPIO events: lower the slot rate)");
        }
        int n = f.slots().length;
        int[] masks = new int[n];
        for (int i = 0; i < n; i++) {
            masks[i] = f.info()[i] & 0x0f;
        }
        int[] resolved = new int[n];
        DoubleClicks.resolve(masks, n, entropy, resolved);
        ClickReport.Builder b = ClickReport.builder(frameId, slotCount);
        for (int i = 0; i < n; i++) {
            b.add(f.slots()[i], resolved[i] >>> 1, resolved[i] & 1, masks[i]);
        }
        return b.build();
    }

    @Override
    public String safeState() {
        return "basis line low, detector inputs ignored";
    }

    @Override
    public void enterSafeState() {
        if (basisOut != null) {
            try {
                basisOut.low();
            } catch (RuntimeException e) {
                LOG.error("Could not drive basis-out low: {}", e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        enterSafeState();
        if (closed) {
            return;
        }
        closed = true;
        if (bases != null) {
            bases.destroy();
        }
        List<String> ids = new ArrayList<>();
        inputs.forEach(i -> ids.add(i.id()));
        if (basisOut != null) {
            ids.add(basisOut.id());
        }
        for (String id : ids) {
            try {
                context.shutdown(id);
            } catch (RuntimeException e) {
                LOG.warn("Could not release {}: {}", id, e.getMessage());
            }
        }
    }
}
