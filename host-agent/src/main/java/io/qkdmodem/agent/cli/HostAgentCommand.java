package io.qkdmodem.agent.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line of the host agent, the service on a LAN machine that takes key from its modem
 * and runs Quantum TLS.
 *
 * <p>Exit codes follow picocli: 0 success, 1 runtime failure, 2 usage error. Every failure is one
 * line on stderr; a stack trace is printed only with {@code -Dhost-agent.debug=true}.
 */
@Command(
        name = "host-agent",
        mixinStandardHelpOptions = true,
        subcommands = {
            ServeCommand.class,
            TunnelCommand.class,
            StatusCommand.class,
            PairCommand.class
        },
        versionProvider = HostAgentCommand.Version.class,
        description =
                "QKD host agent: takes sifted key from its modem and runs Quantum TLS with the peer agent.")
public final class HostAgentCommand implements Callable<Integer> {

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
        CommandLine cli = new CommandLine(new HostAgentCommand());
        cli.setParameterExceptionHandler(
                (ex, args) -> {
                    PrintWriter err = ex.getCommandLine().getErr();
                    err.println("host-agent: " + ex.getMessage() + " (see --help)");
                    return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
                });
        cli.setExecutionExceptionHandler(
                (ex, failed, parsed) -> {
                    failed.getErr().println("host-agent: " + ex.getMessage());
                    if (Boolean.getBoolean("host-agent.debug")) {
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
            String version = HostAgentCommand.class.getPackage().getImplementationVersion();
            return new String[] {"host-agent " + (version == null ? "development" : version)};
        }
    }
}
