package io.qkdmodem.rig.cli;

import io.qkdmodem.rig.progress.Progress;
import java.io.PrintStream;

/**
 * Progress bars on stderr. On a terminal a bar redraws in place ({@code \r}); otherwise (a pipe, a
 * log file, a test) it prints a line at each tenth, so logs stay readable.
 */
final class ProgressBar implements Progress {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean interactive;
    private String currentTask;
    private int lastTenth = -1;
    private long lastDrawNanos;

    ProgressBar(PrintStream err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    static ProgressBar onStderr() {
        return new ProgressBar(System.err, System.console() != null);
    }

    @Override
    public synchronized void update(String task, long done, long total, String unit) {
        if (!task.equals(currentTask)) {
            currentTask = task;
            lastTenth = -1;
            lastDrawNanos = 0;
        }
        long clamped = Math.max(0, Math.min(done, total));
        double fraction = total <= 0 ? 1.0 : (double) clamped / total;
        if (interactive) {
            long now = System.nanoTime();
            if (now - lastDrawNanos < 100_000_000L && clamped < total) {
                return;
            }
            lastDrawNanos = now;
            err.print("\r" + render(task, clamped, total, unit, fraction));
            err.flush();
        } else {
            int tenth = (int) Math.floor(fraction * 10);
            if (tenth != lastTenth) {
                lastTenth = tenth;
                err.println(render(task, clamped, total, unit, fraction));
            }
        }
    }

    @Override
    public synchronized void finish(String task, String outcome) {
        if (interactive && task.equals(currentTask)) {
            err.print("\r\033[K");
        }
        currentTask = null;
        err.println(task + ": " + outcome);
    }

    @Override
    public synchronized void note(String message) {
        if (interactive && currentTask != null) {
            err.print("\r\033[K");
        }
        err.println(message);
    }

    static String render(String task, long done, long total, String unit, double fraction) {
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder sb = new StringBuilder(task).append(" [");
        for (int i = 0; i < WIDTH; i++) {
            sb.append(i < filled ? '#' : '.');
        }
        sb.append("] ")
                .append(String.format("%3d%%", Math.round(fraction * 100)))
                .append(' ')
                .append(done)
                .append('/')
                .append(total)
                .append(' ')
                .append(unit);
        return sb.toString();
    }
}
