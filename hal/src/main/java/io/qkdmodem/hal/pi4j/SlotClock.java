package io.qkdmodem.hal.pi4j;

/**
 * Time for the GPIO backend: a nanosecond clock and a way to wait until a moment. The real one
 * spins on {@link System#nanoTime()} (Pi4J's own {@code pulse()} sleeps in whole milliseconds, far
 * too coarse for slots); tests inject a fake that advances instantly.
 */
public interface SlotClock {

    long nanos();

    /** Returns at or after {@code deadlineNanos}. */
    void waitUntil(long deadlineNanos);

    /** Busy-waits on {@link System#nanoTime()}. */
    static SlotClock spinning() {
        return new SlotClock() {
            @Override
            public long nanos() {
                return System.nanoTime();
            }

            @Override
            public void waitUntil(long deadlineNanos) {
                while (System.nanoTime() - deadlineNanos < 0) {
                    Thread.onSpinWait();
                }
            }
        };
    }
}
