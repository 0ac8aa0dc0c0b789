package io.qkdmodem.firmware.sifting;

import java.util.ArrayDeque;

/**
 * Tracks the QBER of the link continuously from the sample bits the sifting sacrifices: the error
 * rate over the most recent {@code window} sample bits, in chunks of one report each. The alarm is
 * raised when at least {@code minSamples} bits are in the window and the rate is above the
 * threshold; it clears when the rate falls back below. Also keeps the error rates of the decoy and
 * vacuum classes (all their sifted bits are disclosed). Thread-safe.
 */
public final class LinkMonitor {
    private final double threshold;
    private final int window;
    private final int minSamples;
    private final ArrayDeque<long[]> chunks = new ArrayDeque<>();
    private long windowSamples;
    private long windowErrors;
    private long totalSamples;
    private long totalErrors;
    private final long[] classBits = new long[3];
    private final long[] classErrors = new long[3];
    private boolean alarm;
    private long alarmsRaised;

    public LinkMonitor(double threshold, int window, int minSamples) {
        this.threshold = threshold;
        this.window = window;
        this.minSamples = minSamples;
    }

    public static LinkMonitor of(SiftingSettings s) {
        return new LinkMonitor(s.qberAlarmThreshold(), s.monitorWindow(), s.monitorMinSamples());
    }

    /**
     * Adds the errors found on {@code samples} signal sample bits.
     *
     * @return true if this report raised the alarm (it was off before)
     */
    public synchronized boolean record(long samples, long errors) {
        if (samples <= 0) {
            return false;
        }
        chunks.addLast(new long[] {samples, errors});
        windowSamples += samples;
        windowErrors += errors;
        totalSamples += samples;
        totalErrors += errors;
        classBits[0] += samples;
        classErrors[0] += errors;
        while (chunks.size() > 1 && windowSamples - chunks.peekFirst()[0] >= window) {
            long[] old = chunks.removeFirst();
            windowSamples -= old[0];
            windowErrors -= old[1];
        }
        boolean above = windowSamples >= minSamples && qber() > threshold;
        boolean raised = above && !alarm;
        alarm = above;
        if (raised) {
            alarmsRaised++;
        }
        return raised;
    }

    /** Adds disclosed bits and errors of the decoy (1) or vacuum (2) class. */
    public synchronized void recordClass(int classCode, long bits, long errors) {
        classBits[classCode] += bits;
        classErrors[classCode] += errors;
    }

    /** QBER over the window, NaN with no samples. */
    public synchronized double qber() {
        return windowSamples == 0 ? Double.NaN : windowErrors / (double) windowSamples;
    }

    public synchronized boolean alarm() {
        return alarm;
    }

    public synchronized long alarmsRaised() {
        return alarmsRaised;
    }

    public synchronized long totalSamples() {
        return totalSamples;
    }

    public synchronized long totalErrors() {
        return totalErrors;
    }

    public synchronized long windowSamples() {
        return windowSamples;
    }

    /** Error rate of disclosed bits of a class (0 signal sample, 1 decoy, 2 vacuum), or NaN. */
    public synchronized double errorRate(int classCode) {
        return classBits[classCode] == 0
                ? Double.NaN
                : classErrors[classCode] / (double) classBits[classCode];
    }

    public double threshold() {
        return threshold;
    }
}
