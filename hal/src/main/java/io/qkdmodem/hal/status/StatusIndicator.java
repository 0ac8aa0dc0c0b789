package io.qkdmodem.hal.status;

import io.qkdmodem.hal.SafeShutdown;

/** A status light. Safe state: {@link ModemStatus#OFF}. */
public interface StatusIndicator extends SafeShutdown, AutoCloseable {

    void show(ModemStatus status);

    ModemStatus current();

    @Override
    default String safeState() {
        return "indicator off";
    }

    @Override
    default void enterSafeState() {
        show(ModemStatus.OFF);
    }

    @Override
    default void close() {
        enterSafeState();
    }
}
