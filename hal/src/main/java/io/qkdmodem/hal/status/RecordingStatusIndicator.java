package io.qkdmodem.hal.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A status indicator that only remembers what it was asked to show (simulation, tests). */
public final class RecordingStatusIndicator implements StatusIndicator {
    private final List<ModemStatus> history = new ArrayList<>();
    private ModemStatus current = ModemStatus.OFF;

    @Override
    public synchronized void show(ModemStatus status) {
        current = Objects.requireNonNull(status, "status");
        history.add(status);
    }

    @Override
    public synchronized ModemStatus current() {
        return current;
    }

    /** Everything shown so far, oldest first. */
    public synchronized List<ModemStatus> history() {
        return List.copyOf(history);
    }
}
