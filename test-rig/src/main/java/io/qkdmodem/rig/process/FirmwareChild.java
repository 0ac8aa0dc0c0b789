package io.qkdmodem.rig.process;

import io.qkdmodem.firmware.cli.FirmwareCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of a firmware process the rig starts: the firmware's own command line ({@code
 * modem-firmware run ...}, the same arguments), plus a watch on the rig. When the rig process is
 * gone, even killed with SIGKILL so that its shutdown hook never ran, the firmware is stopped the
 * way SIGTERM stops it (its shutdown hook: the exchange in progress finishes, laser off, store
 * flushed), so no firmware process outlives its rig.
 */
public final class FirmwareChild {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareChild.class);

    private FirmwareChild() {}

    public static void main(String[] args) {
        ProcessHandle.current()
                .parent()
                .ifPresent(
                        rig ->
                                rig.onExit()
                                        .thenRun(
                                                () -> {
                                                    LOG.warn(
                                                            "the rig (pid {}) is gone: stopping",
                                                            rig.pid());
                                                    System.exit(0);
                                                }));
        FirmwareCommand.main(args);
    }
}
