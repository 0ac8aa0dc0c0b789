package io.qkdmodem.firmware.cli;

import io.qkdmodem.firmware.config.KeyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes a fresh random secret (hex, owner-only) for the device key, pairing or auth secret. */
@Command(
        name = "generate-secret",
        mixinStandardHelpOptions = true,
        description =
                "Writes a fresh random secret as hex, readable by its owner only (device key: 32"
                        + " bytes; pairing secret: 32; auth secret: 4096 or more).")
final class GenerateSecretCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--bytes", defaultValue = "32", description = "length (default 32)")
    int bytes;

    @Parameters(paramLabel = "FILE", description = "the file to create (refused if it exists)")
    Path file;

    @Override
    public Integer call() throws IOException {
        if (bytes < 16 || bytes > (1 << 20)) {
            spec.commandLine()
                    .getErr()
                    .println("generate-secret: --bytes must be in [16, 1048576]");
            return 2;
        }
        if (Files.exists(file)) {
            spec.commandLine()
                    .getErr()
                    .println("generate-secret: " + file + " exists; not overwritten");
            return 1;
        }
        byte[] s = new byte[bytes];
        ProvisionCommand.strong().nextBytes(s);
        try {
            KeyFiles.writeSecretHex(file, s);
        } finally {
            Arrays.fill(s, (byte) 0);
        }
        spec.commandLine().getOut().println("wrote " + bytes + " random bytes to " + file);
        return 0;
    }
}
