package io.qkdmodem.firmware.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the status a running firmware writes, and says whether it is healthy and fresh. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the status file of a running firmware (run --status-file).",
            "Exit code 0 healthy, 1 unhealthy or stale (older than --max-age seconds)."
        })
final class StatusCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--status-file",
            required = true,
            paramLabel = "FILE",
            description = "the file run --status-file writes")
    Path statusFile;

    @Option(names = "--max-age", defaultValue = "30", description = "seconds (default 30)")
    int maxAge;

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(statusFile)) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "status: " + statusFile + " does not exist (is the firmware running?)");
            return 1;
        }
        String text = Files.readString(statusFile, StandardCharsets.UTF_8);
        spec.commandLine().getOut().print(text);
        Properties p = new Properties();
        p.load(new java.io.StringReader(text));
        long age =
                System.currentTimeMillis() - Long.parseLong(p.getProperty("updated_epoch_ms", "0"));
        if (age > maxAge * 1000L) {
            spec.commandLine().getErr().println("status: stale (" + age / 1000 + " s old)");
            return 1;
        }
        return Boolean.parseBoolean(p.getProperty("healthy")) ? 0 : 1;
    }
}
