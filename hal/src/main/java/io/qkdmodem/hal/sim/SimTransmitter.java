package io.qkdmodem.hal.sim;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.optics.Frame;
import io.qkdmodem.hal.optics.Transmitter;
import io.qkdmodem.hal.optics.TransmitterInfo;
import java.util.Objects;

/** Alice's simulated optics: the {@link ChannelModel} feeding a {@link FiberLink}. */
public final class SimTransmitter implements Transmitter {
    private final ChannelModel channel;
    private final FiberLink fiber;
    private final boolean ownsFiber;
    private long lastFrameId = -1;
    private boolean laserOn;
    private boolean closed;

    /**
     * @param ownsFiber whether {@link #close()} also closes the fiber
     */
    public SimTransmitter(SimParameters params, FiberLink fiber, boolean ownsFiber) {
        this.channel = new ChannelModel(Objects.requireNonNull(params, "params"));
        this.fiber = Objects.requireNonNull(fiber, "fiber");
        this.ownsFiber = ownsFiber;
    }

    @Override
    public TransmitterInfo info() {
        return new TransmitterInfo("sim", channel.parameters().slotRate(), Integer.MAX_VALUE, true);
    }

    public ChannelModel channel() {
        return channel;
    }

    @Override
    public synchronized void emit(Frame frame) throws HalException {
        if (closed) {
            throw new HalException("transmitter is closed");
        }
        if (frame.id() <= lastFrameId) {
            throw new IllegalArgumentException(
                    "frame ids must increase: " + frame.id() + " after " + lastFrameId);
        }
        lastFrameId = frame.id();
        laserOn = true;
        try {
            fiber.send(channel.propagate(frame.id(), frame.slotCount(), frame.states()));
        } finally {
            laserOn = false;
        }
    }

    /** Whether the simulated laser is firing (only during {@link #emit}). */
    public synchronized boolean laserOn() {
        return laserOn;
    }

    @Override
    public String safeState() {
        return "laser off, modulator undriven";
    }

    @Override
    public synchronized void enterSafeState() {
        laserOn = false;
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
