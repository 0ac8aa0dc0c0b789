package io.qkdmodem.rig.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line of the test rig, which joins two modems and two host agents on a bench.
 *
 * <p>Exit codes follow picocli: 0 success, 1 runtime failure, 2 usage error. Every failure is one
 * line on stderr; a stack trace is printed only with {@code -Dtest-rig.debug=true}.
 */
@Command(
        name = "test-rig",
        mixinStandardHelpOptions = true,
        subcommands = {DemoCommand.class, SweepCommand.class, BenchCommand.class},
        versionProvider = RigCommand.Version.class,
        description =
                "QKD test rig: joins two modems and two host agents on a bench, simulated or with real boards.")
public final class RigCommand implements Callable<Integer> {

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
        CommandLine cli = new CommandLine(new RigCommand());
        cli.setParameterExceptionHandler(
                (ex, args) -> {
                    PrintWriter err = ex.getCommandLine().getErr();
                    err.println("test-rig: " + ex.getMessage() + " (see --help)");
                    return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
                });
        cli.setExecutionExceptionHandler(
                (ex, failed, parsed) -> {
                    failed.getErr().println("test-rig: " + ex.getMessage());
                    if (Boolean.getBoolean("test-rig.debug")) {
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
            String version = RigCommand.class.getPackage().getImplementationVersion();
            return new String[] {"test-rig " + (version == null ? "development" : version)};
        }
    }
}
