package io.qkdmodem.rig.progress;

/**
 * Receives progress of one piece of long work. {@code done} never exceeds {@code total}; a task
 * ends with {@link #finish}. Implementations must be thread-safe and cheap: callers report often.
 */
public interface Progress {

    /** Reports that {@code done} of {@code total} {@code unit}s of {@code task} are complete. */
    void update(String task, long done, long total, String unit);

    /** Ends {@code task} with a one-line outcome (for example "4096 sifted bits in 3.1 s"). */
    void finish(String task, String outcome);

    /** A free-form status line (for example "Alice modem up"). */
    void note(String message);

    /** Drops every event. */
    Progress NONE =
            new Progress() {
                @Override
                public void update(String task, long done, long total, String unit) {}

                @Override
                public void finish(String task, String outcome) {}

                @Override
                public void note(String message) {}
            };
}
