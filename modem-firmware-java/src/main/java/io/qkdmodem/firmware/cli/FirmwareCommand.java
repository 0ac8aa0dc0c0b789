package io.qkdmodem.firmware.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line of the modem firmware, the program flashed onto each modem board.
 *
 * <p>Exit codes follow picocli: 0 success, 1 runtime failure, 2 usage error. Every failure is one
 * line on stderr; a stack trace is printed only with {@code -Dmodem-firmware.debug=true}.
 */
@Command(
        name = "modem-firmware",
        mixinStandardHelpOptions = true,
        subcommands = {
            RunCommand.class,
            CheckConfigCommand.class,
            ProvisionCommand.class,
            GenerateSecretCommand.class,
            StatusCommand.class
        },
        versionProvider = FirmwareCommand.Version.class,
        description =
                "QKD modem firmware: runs BB84 with the peer modem, keeps sifted key in flash and serves it to the paired host agent.")
public final class FirmwareCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new FirmwareCommand());
        cli.setParameterExceptionHandler(
                (ex, args) -> {
                    PrintWriter err = ex.getCommandLine().getErr();
                    err.println("modem-firmware: " + ex.getMessage() + " (see --help)");
                    return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
                });
        cli.setExecutionExceptionHandler(
                (ex, failed, parsed) -> {
                    failed.getErr().println("modem-firmware: " + ex.getMessage());
                    if (Boolean.getBoolean("modem-firmware.debug")) {
                        ex.printStackTrace(failed.getErr());
                    }
                    return failed.getCommandSpec().exitCodeOnExecutionException();
                });
        return cli;
    }

    /** The version from the runnable jar's manifest; "development" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FirmwareCommand.class.getPackage().getImplementationVersion();
            return new String[] {"modem-firmware " + (version == null ? "development" : version)};
        }
    }
}
