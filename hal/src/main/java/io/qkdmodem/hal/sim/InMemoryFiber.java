package io.qkdmodem.hal.sim;

import io.qkdmodem.hal.HalException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A fiber inside one process: one object serves as both ends. Named fibers ({@link #named}) let two
 * backends opened separately from configuration ({@code sim.fiber = memory:NAME}) find each other.
 * Holds at most {@code capacity} frames in flight; a sender waits (up to 30 s) for room.
 */
public final class InMemoryFiber extends QueuedFiberLink {
    private static final Map<String, InMemoryFiber> NAMED = new ConcurrentHashMap<>();

    public InMemoryFiber(int capacity) {
        super(capacity);
    }

    /** The fiber of that name in this process, created on first use. */
    public static InMemoryFiber named(String name) {
        return NAMED.compute(
                name, (k, f) -> f == null || f.isClosed() ? new InMemoryFiber(1024) : f);
    }

    @Override
    public void send(Arrivals arrivals) throws HalException {
        if (isClosed()) {
            throw new HalException("fiber is closed");
        }
        try {
            if (!offer(arrivals)) {
                throw new HalException("fiber is full: nobody takes frames at the other end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HalException("interrupted sending frame " + arrivals.frameId(), e);
        }
    }

    private boolean offer(Arrivals a) throws InterruptedException {
        return offerWithin(a, 30, TimeUnit.SECONDS);
    }
}
