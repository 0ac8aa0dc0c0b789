package io.qkdmodem.rig.orchestration;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what a rig opened, last opened first. Every resource is closed even if an earlier one
 * fails; the first failure is rethrown with the others suppressed. Closing twice does nothing.
 * While anything is registered, a JVM shutdown hook closes it too, so an interrupted run (Ctrl-C,
 * SIGTERM) still stops its socat processes and removes its workspace.
 */
public final class Teardown implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);

    private record Entry(String name, AutoCloseable resource) {}

    private final Deque<Entry> stack = new ArrayDeque<>();
    private Thread hook;

    /** Registers {@code resource} to be closed at teardown, and returns it. */
    public synchronized <T extends AutoCloseable> T add(String name, T resource) {
        stack.push(new Entry(name, resource));
        if (hook == null) {
            hook = new Thread(this::closeFromHook, "rig-teardown-on-exit");
            try {
                Runtime.getRuntime().addShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the caller's close() still runs
            }
        }
        return resource;
    }

    private void closeFromHook() {
        try {
            closeAll();
        } catch (RuntimeException e) {
            LOG.warn("teardown on exit: {}", e.getMessage());
        }
    }

    public synchronized int size() {
        return stack.size();
    }

    @Override
    public synchronized void close() {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down; the hook may be running this very method
            }
            hook = null;
        }
        closeAll();
    }

    private synchronized void closeAll() {
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
