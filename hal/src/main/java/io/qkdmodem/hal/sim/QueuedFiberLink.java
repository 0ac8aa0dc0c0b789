package io.qkdmodem.hal.sim;

import io.qkdmodem.hal.HalException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The receiving half shared by the in-memory and TCP fibers: an ordered queue of frames. */
abstract class QueuedFiberLink implements FiberLink {
    private static final Arrivals CLOSED = new Arrivals(-1, 1, new int[0], new byte[0]);

    private final BlockingQueue<Arrivals> inbox;
    private Arrivals pending;
    private volatile boolean closed;
    private volatile String failure;

    QueuedFiberLink(int capacity) {
        inbox = new LinkedBlockingQueue<>(capacity);
    }

    /** Queues a frame for the receiver; waits while the queue is full. */
    void deliver(Arrivals a) throws InterruptedException {
        inbox.put(a);
    }

    /** Queues a frame for the receiver, waiting at most the given time for room. */
    boolean offerWithin(Arrivals a, long time, TimeUnit unit) throws InterruptedException {
        return inbox.offer(a, time, unit);
    }

    void fail(String why) {
        failure = why;
        inbox.offer(CLOSED);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized Arrivals receive(long frameId, Duration timeout) throws HalException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Arrivals next = pending;
            pending = null;
            if (next == null) {
                if (closed) {
                    throw new HalException("fiber is closed");
                }
                try {
                    next =
                            inbox.poll(
                                    Math.max(0, deadline - System.nanoTime()),
                                    TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new HalException("interrupted waiting for frame " + frameId, e);
                }
            }
            if (next == null) {
                throw new HalException("frame " + frameId + " did not arrive within " + timeout);
            }
            if (next == CLOSED) {
                inbox.offer(CLOSED);
                throw new HalException(
                        "fiber is down"
                                + (failure != null ? ": " + failure : "")
                                + " (frame "
                                + frameId
                                + ")");
            }
            if (next.frameId() == frameId) {
                return next;
            }
            if (next.frameId() > frameId) {
                pending = next;
                throw new HalException(
                        "frame " + frameId + " never crossed the fiber; next is " + next.frameId());
            }
            // an earlier frame nobody asked for: skip it
        }
    }

    @Override
    public void close() {
        closed = true;
        inbox.offer(CLOSED);
    }
}
