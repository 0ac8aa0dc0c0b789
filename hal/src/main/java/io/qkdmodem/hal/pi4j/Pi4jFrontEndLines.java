package io.qkdmodem.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.frontend.FrontEndLines;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The front-end's reset (output, active high, shutdown state high: the front-end is held in reset,
 * laser off, when the board stops) and frame-ready (input, debounce 0) lines over Pi4J.
 */
public final class Pi4jFrontEndLines implements FrontEndLines, AutoCloseable {
    private static final long RESET_PULSE_NANOS = 100_000;

    private final Context context;
    private final DigitalOutput reset;
    private final DigitalInput ready;
    private final Object lock = new Object();

    public Pi4jFrontEndLines(Context context, int resetBcm, int readyBcm) throws HalException {
        this.context = context;
        try {
            reset =
                    context.create(
                            DigitalOutput.newConfigBuilder(context)
                                    .id("qkd-frontend-reset")
                                    .address(resetBcm)
                                    .initial(DigitalState.LOW)
                                    .shutdown(DigitalState.HIGH));
            ready =
                    context.create(
                            DigitalInput.newConfigBuilder(context)
                                    .id("qkd-frontend-ready")
                                    .address(readyBcm)
                                    .pull(PullResistance.PULL_DOWN)
                                    .debounce(0L));
            ready.addListener(
                    e -> {
                        synchronized (lock) {
                            lock.notifyAll();
                        }
                    });
        } catch (RuntimeException e) {
            throw new HalException("cannot open the front-end's GPIO lines", e);
        }
    }

    @Override
    public void pulseReset() throws HalException {
        try {
            reset.high();
            SlotClock c = SlotClock.spinning();
            c.waitUntil(c.nanos() + RESET_PULSE_NANOS);
            reset.low();
        } catch (RuntimeException e) {
            throw new HalException("front-end reset failed", e);
        }
    }

    @Override
    public boolean awaitFrameReady(Duration timeout) throws HalException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!ready.isHigh()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    // the listener wakes us; the bound covers an event the kernel dropped
                    TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, 10_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new HalException("interrupted waiting for frame-ready", e);
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        for (String id : new String[] {reset.id(), ready.id()}) {
            try {
                context.shutdown(id);
            } catch (RuntimeException e) {
                // releasing; nothing to recover
            }
        }
    }
}
