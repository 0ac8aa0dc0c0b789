package io.qkdmodem.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.optics.Frame;
import io.qkdmodem.hal.optics.SlotStateSource;
import io.qkdmodem.hal.optics.Transmitter;
import io.qkdmodem.hal.optics.TransmitterInfo;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alice over GPIO lines, one slot at a time: frame line high; per slot the modulator lines (basis,
 * bit) and intensity lines (class code) are set, after the setup time the trigger goes high for the
 * pulse width, and the next slot starts one period after this one. All lines are created with
 * initial and shutdown state LOW: trigger low is laser off.
 */
public final class GpioTransmitter implements Transmitter {
    private static final Logger LOG = LoggerFactory.getLogger(GpioTransmitter.class);

    private final Context context;
    private final GpioTiming timing;
    private final SlotClock clock;
    private final DigitalOutput trigger;
    private final DigitalOutput frameLine;
    private final DigitalOutput modBasis;
    private final DigitalOutput modBit;
    private final DigitalOutput int0;
    private final DigitalOutput int1;
    private final List<DigitalOutput> all = new ArrayList<>();
    private long lastFrameId = -1;
    private boolean closed;

    public GpioTransmitter(Context context, GpioPinMap pins, GpioTiming timing, SlotClock clock)
            throws HalException {
        pins.requireAlice();
        this.context = context;
        this.timing = timing;
        this.clock = clock;
        try {
            trigger = output(pins, "trigger");
            frameLine = output(pins, "frame");
            modBasis = output(pins, "mod-basis");
            modBit = output(pins, "mod-bit");
            int0 = output(pins, "intensity0");
            int1 = output(pins, "intensity1");
        } catch (RuntimeException e) {
            enterSafeState();
            throw new HalException("cannot open Alice's GPIO lines: " + e.getMessage(), e);
        }
    }

    private DigitalOutput output(GpioPinMap pins, String role) {
        DigitalOutput o =
                context.create(
                        DigitalOutput.newConfigBuilder(context)
                                .id(GpioPinMap.ioId(role))
                                .name("Alice " + role)
                                .address(pins.pin(role))
                                .initial(DigitalState.LOW)
                                .shutdown(DigitalState.LOW));
        all.add(o);
        return o;
    }

    @Override
    public TransmitterInfo info() {
        return new TransmitterInfo(
                "pi4j-gpio", timing.slotRate(), timing.maxSlotsPerFrame(), false);
    }

    @Override
    public synchronized void emit(Frame frame) throws HalException {
        if (closed) {
            throw new HalException("transmitter is closed");
        }
        if (frame.slotCount() > timing.maxSlotsPerFrame()) {
            throw new IllegalArgumentException(
                    "frame of "
                            + frame.slotCount()
                            + " slots exceeds gpio.max-slots-per-frame "
                            + timing.maxSlotsPerFrame());
        }
        if (frame.id() <= lastFrameId) {
            throw new IllegalArgumentException(
                    "frame ids must increase: " + frame.id() + " after " + lastFrameId);
        }
        lastFrameId = frame.id();
        SlotStateSource states = frame.states();
        try {
            long t = clock.nanos();
            frameLine.high();
            for (int s = 0; s < frame.slotCount(); s++) {
                int st = states.state(s);
                modBasis.state(DigitalState.getState((st >>> 1 & 1) == 1));
                modBit.state(DigitalState.getState((st & 1) == 1));
                int cls = st >>> 2 & 3;
                int0.state(DigitalState.getState((cls & 1) == 1));
                int1.state(DigitalState.getState((cls & 2) == 2));
                clock.waitUntil(t + timing.setupNanos());
                trigger.high();
                clock.waitUntil(t + timing.setupNanos() + timing.pulseWidthNanos());
                trigger.low();
                t += timing.slotPeriodNanos();
                clock.waitUntil(t);
            }
            frameLine.low();
        } catch (RuntimeException e) {
            enterSafeState();
            throw new HalException("GPIO failure while firing frame " + frame.id(), e);
        }
    }

    @Override
    public String safeState() {
        return "laser off (trigger low), frame, modulator and intensity lines low";
    }

    @Override
    public void enterSafeState() {
        for (DigitalOutput o : all) {
            try {
                o.low();
            } catch (RuntimeException e) {
                LOG.error("Could not drive {} low: {}", o.id(), e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        enterSafeState();
        if (!closed) {
            closed = true;
            for (DigitalOutput o : all) {
                try {
                    context.shutdown(o.id());
                } catch (RuntimeException e) {
                    LOG.warn("Could not release {}: {}", o.id(), e.getMessage());
                }
            }
        }
    }
}
