package io.qkdmodem.firmware.cli;

import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.runtime.Firmware;
import io.qkdmodem.firmware.runtime.FirmwareException;
import io.qkdmodem.firmware.runtime.FirmwareStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the firmware until SIGTERM/SIGINT, then stops gracefully. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the firmware: BB84 with the peer modem, key blocks into flash, the host server.",
            "Stops gracefully on SIGTERM or SIGINT (nothing acknowledged is lost)."
        })
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Spec CommandSpec spec;
    @Mixin ConfigOption config;

    @Option(
            names = "--status-file",
            paramLabel = "FILE",
            description =
                    "rewrite this file with the status every --status-interval (for the status"
                            + " command and health checks)")
    Path statusFile;

    @Option(
            names = "--status-interval",
            defaultValue = "5",
            paramLabel = "SECONDS",
            description = "status log and file interval (default 5)")
    int statusSeconds;

    @Override
    public Integer call() throws FirmwareException, InterruptedException {
        FirmwareConfig cfg = config.read(spec.commandLine().getErr());
        if (cfg == null) {
            return 2;
        }
        Firmware fw = Firmware.start(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            fw.close();
                            writeStatus(fw.status());
                            stopped.countDown();
                        },
                        "firmware-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        while (!stopped.await(Math.max(1, statusSeconds), java.util.concurrent.TimeUnit.SECONDS)) {
            FirmwareStatus s = fw.status();
            LOG.info(line(s));
            writeStatus(s);
        }
        return 0;
    }

    static String line(FirmwareStatus s) {
        return String.format(
                Locale.ROOT,
                "status %s link=%s blocks=%d discarded=%d frames=%d available_bits=%d qber=%.4f"
                        + " alarm=%s auth_pool_bytes=%d%s",
                s.phase(),
                s.peerLinkUp() ? "up" : "down",
                s.blocksCommitted(),
                s.blocksDiscarded(),
                s.framesDone(),
                s.availableBits(),
                s.qber(),
                s.qberAlarm(),
                s.authPoolBytes(),
                s.lastProblem() == null ? "" : " last_problem=\"" + s.lastProblem() + "\"");
    }

    private void writeStatus(FirmwareStatus s) {
        if (statusFile == null) {
            return;
        }
        String text =
                "phase="
                        + s.phase()
                        + "\nhealthy="
                        + s.healthy()
                        + "\nrole="
                        + s.role()
                        + "\ndevice_id="
                        + s.deviceId()
                        + "\npeer_link="
                        + (s.peerLinkUp() ? "up" : "down")
                        + "\nblocks_committed="
                        + s.blocksCommitted()
                        + "\nblocks_discarded="
                        + s.blocksDiscarded()
                        + "\nlast_block_id="
                        + s.lastBlockId()
                        + "\nframes="
                        + s.framesDone()
                        + "\nsifted_key_bits="
                        + s.siftedKeyBits()
                        + "\navailable_bits="
                        + s.availableBits()
                        + "\nqber="
                        + s.qber()
                        + "\nqber_alarm="
                        + s.qberAlarm()
                        + "\nauth_pool_bytes="
                        + s.authPoolBytes()
                        + "\nlast_problem="
                        + (s.lastProblem() == null ? "" : s.lastProblem())
                        + "\nupdated_epoch_ms="
                        + System.currentTimeMillis()
                        + "\n";
        try {
            Path tmp = statusFile.resolveSibling(statusFile.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    statusFile,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("status file not written: {}", e.getMessage());
        }
    }
}
