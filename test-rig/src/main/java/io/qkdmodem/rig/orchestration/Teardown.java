package io.qkdmodem.rig.orchestration;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what a rig opened, last opened first. Every resource is closed even if an earlier one
 * fails; the first failure is rethrown with the others suppressed. Closing twice does nothing.
 */
public final class Teardown implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);

    private record Entry(String name, AutoCloseable resource) {}

    private final Deque<Entry> stack = new ArrayDeque<>();

    /** Registers {@code resource} to be closed at teardown, and returns it. */
    public synchronized <T extends AutoCloseable> T add(String name, T resource) {
        stack.push(new Entry(name, resource));
        return resource;
    }

    public synchronized int size() {
        return stack.size();
    }

    @Override
    public synchronized void close() {
        RuntimeException first = null;
        while (!stack.isEmpty()) {
            Entry e = stack.pop();
            try {
                LOG.debug("closing {}", e.name());
                e.resource().close();
            } catch (Exception ex) {
                if (ex instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.warn("closing {} failed: {}", e.name(), ex.toString());
                RuntimeException wrapped =
                        new IllegalStateException(
                                "closing " + e.name() + " failed: " + ex.getMessage(), ex);
                if (first == null) {
                    first = wrapped;
                } else {
                    first.addSuppressed(wrapped);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
