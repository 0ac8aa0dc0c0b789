package io.qkdmodem.hal.sim;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.entropy.EntropySource;
import io.qkdmodem.hal.optics.BasisChoice;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.IntensityProfile;
import io.qkdmodem.hal.optics.Receiver;
import io.qkdmodem.hal.optics.ReceiverInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Bob's simulated optics: takes a frame's {@link Arrivals} from the fiber and runs the {@link
 * DetectorModel}. With an active basis choice, Bob's per-slot bases come from a counter-mode source
 * keyed per frame from his entropy source (so they too cost only per click), rectilinear with
 * probability {@code bobPRectilinear} (0.5, or Alice's bias for efficient BB84, so that more than
 * half of the clicks sift).
 */
public final class SimReceiver implements Receiver {
    private static final IntensityProfile BASIS_ONLY = IntensityProfile.signalOnly(1);

    private final SimParameters params;
    private final DetectorModel detector;
    private final FiberLink fiber;
    private final boolean ownsFiber;
    private final EntropySource entropy;
    private final double bobPRectilinear;
    private boolean gatesOn;
    private boolean closed;

    public SimReceiver(
            SimParameters params, FiberLink fiber, boolean ownsFiber, EntropySource entropy) {
        this(params, fiber, ownsFiber, entropy, CtrSlotStateSource.UNBIASED);
    }

    /**
     * @param bobPRectilinear probability of Bob's rectilinear basis with an active choice, in (0,
     *     1)
     */
    public SimReceiver(
            SimParameters params,
            FiberLink fiber,
            boolean ownsFiber,
            EntropySource entropy,
            double bobPRectilinear) {
        if (!(bobPRectilinear > 0 && bobPRectilinear < 1)) {
            throw new IllegalArgumentException("bobPRectilinear must be in (0, 1)");
        }
        this.bobPRectilinear = bobPRectilinear;
        this.params = Objects.requireNonNull(params, "params");
        this.detector = new DetectorModel(params);
        this.fiber = Objects.requireNonNull(fiber, "fiber");
        this.ownsFiber = ownsFiber;
        this.entropy = Objects.requireNonNull(entropy, "entropy");
    }

    @Override
    public ReceiverInfo info() {
        return new ReceiverInfo(
                "sim",
                params.basisChoice(),
                params.detectors(),
                params.slotRate(),
                Integer.MAX_VALUE,
                true);
    }

    @Override
    public synchronized ClickReport receive(long frameId, int slotCount, Duration timeout)
            throws HalException {
        if (closed) {
            throw new HalException("receiver is closed");
        }
        Arrivals a = fiber.receive(frameId, timeout);
        if (a.slotCount() != slotCount) {
            throw new HalException(
                    "frame " + frameId + " has " + a.slotCount() + " slots, expected " + slotCount);
        }
        gatesOn = true;
        CtrSlotStateSource bases = null;
        try {
            if (params.basisChoice() == BasisChoice.ACTIVE) {
                byte[] key = new byte[CtrSlotStateSource.KEY_BYTES];
                entropy.nextBytes(key);
                bases =
                        new CtrSlotStateSource(
                                key, frameId, slotCount, BASIS_ONLY, bobPRectilinear);
                Arrays.fill(key, (byte) 0);
            }
            return detector.detect(a, bases);
        } finally {
            if (bases != null) {
                bases.destroy();
            }
            gatesOn = false;
        }
    }

    public synchronized boolean gatesOn() {
        return gatesOn;
    }

    @Override
    public String safeState() {
        return "detector gates off";
    }

    @Override
    public synchronized void enterSafeState() {
        gatesOn = false;
    }

    @Override
    public synchronized void close() {
        enterSafeState();
        if (!closed) {
            closed = true;
            if (ownsFiber) {
                fiber.close();
            }
        }
    }
}
