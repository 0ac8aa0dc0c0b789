package io.qkdmodem.firmware.cli;

import io.qkdmodem.firmware.config.ConfigException;
import io.qkdmodem.firmware.config.ConfigFile;
import io.qkdmodem.firmware.config.FirmwareConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by the subcommands, and its reading. */
final class ConfigOption {
    @Option(
            names = {"-c", "--config"},
            required = true,
            paramLabel = "FILE",
            description = "the firmware configuration file")
    Path file;

    /**
     * Reads and validates the file; on mistakes prints one line per problem to {@code err} and
     * returns null.
     */
    FirmwareConfig read(PrintWriter err) {
        return read(err, false);
    }

    /** As {@link #read(PrintWriter)}; for provisioning, the key and pool files may be missing. */
    FirmwareConfig read(PrintWriter err, boolean provisioning) {
        try {
            return provisioning ? ConfigFile.readForProvisioning(file) : ConfigFile.read(file);
        } catch (ConfigException e) {
            for (String p : e.problems()) {
                err.println(file + ": " + p);
            }
            return null;
        } catch (IOException e) {
            err.println(file + ": cannot read the configuration (" + e.getMessage() + ")");
            return null;
        }
    }
}
