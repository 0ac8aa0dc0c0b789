package io.qkdmodem.firmware.cli;

import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.config.KeyFiles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Validates a configuration file without starting anything. */
@Command(
        name = "check-config",
        mixinStandardHelpOptions = true,
        description = "Validates the configuration file: one line per problem, exit code 2 if any.")
final class CheckConfigCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOption config;

    @Override
    public Integer call() {
        FirmwareConfig cfg = config.read(spec.commandLine().getErr());
        if (cfg == null) {
            return 2;
        }
        var out = spec.commandLine().getOut();
        out.println(
                "configuration OK: "
                        + cfg.role().name().toLowerCase(java.util.Locale.ROOT)
                        + " "
                        + cfg.deviceId()
                        + ", peer "
                        + cfg.peer()
                        + ", host "
                        + (cfg.hostSerialPath() == null ? "none" : cfg.hostSerialPath())
                        + ", "
                        + cfg.sifting().slotsPerFrame()
                        + " slots per frame");
        for (var key :
                new java.nio.file.Path[] {
                    cfg.deviceKeyFile(), cfg.pairingSecretFile(), cfg.authSecretFile()
                }) {
            if (key != null && KeyFiles.readableByOthers(key)) {
                out.println("warning: " + key + " is readable by group or others (chmod 600)");
            }
        }
        return 0;
    }
}
