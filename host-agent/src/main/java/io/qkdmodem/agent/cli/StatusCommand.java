package io.qkdmodem.agent.cli;

import io.qkdmodem.agent.qtls.discussion.SourceModel;
import io.qkdmodem.agent.qtls.keysource.SiftedKeySource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: the key source (modem and key pool) and the effective settings. */
@Command(name = "status", description = "Show the modem's key pool and the agent's settings.")
final class StatusCommand implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            required = true,
            description = "configuration file")
    private Path config;

    @Option(names = "--server", description = "report the serving (Alice) side's source")
    private boolean server;

    @Override
    public Integer call() throws Exception {
        AgentSettings s = AgentSettings.load(config);
        SiftedKeySource src = s.keySource(server);
        SiftedKeySource.Status st = src.status();
        var qc = s.qtlsConfig(server, src);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("modem:              %s%n", st.modem());
        if (src.isSimulated()) {
            out.printf(
                    "WARNING:            simulated key source: the key is NOT SECRET (anyone with"
                            + " the seed derives it); serve/tunnel refuse it without %s%n",
                    AgentSettings.INSECURE_SIMULATED_FLAG);
        }
        out.printf(
                "sifted key:         %s bits available, %d reserved%n",
                st.availableSiftedBits() == Long.MAX_VALUE ? "unlimited" : st.availableSiftedBits(),
                st.reservedBits());
        out.printf("replenished:        %d bytes%n", st.replenishedBytes());
        out.printf("order:              %s%n", qc.authenticationOrder());
        out.printf("cipher suites:      %s%n", qc.cipherSuites());
        out.printf("QKD configuration:  %s%n", qc.qkdConfiguration());
        out.printf("sifted per session: %d bits%n", qc.siftedBitsPerHandshake());
        out.printf(
                "replenish per key:  %d bytes to each modem's authentication pool (the server's"
                        + " value governs)%n",
                qc.replenishBytes());
        out.printf(
                "source model:       %s%n",
                s.sourceModel() == SourceModel.WEAK_COHERENT
                        ? "weak-coherent (decoy-state bound of Lim et al. 2014 on each whole"
                                + " block's counts; a block without them is refused)"
                        : "single-photon (Tomamichel et al. 2012: sound for an ideal"
                                + " single-photon source only)");
        out.flush();
        return 0;
    }
}
