package io.qkdmodem.agent.cli;

import io.qkdmodem.agent.qtls.QtlsConfig;
import io.qkdmodem.agent.qtls.keysource.SiftedKeySource;
import io.qkdmodem.agent.tunnel.Tunnel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code serve} and {@code tunnel} share: the options, the key source with its consent rule
 * for simulated key, the startup banner, and running the tunnel until the process is stopped. The
 * two differ only in their side of the handshake and in which tunnel they open.
 */
abstract class TunnelEndpointCommand implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            required = true,
            description = "configuration file")
    private Path config;

    @Option(
            names = "--compat",
            description = "paper: keep the paper's message order (CertificateVerify before BB84)")
    private String compat;

    @Option(
            names = AgentSettings.INSECURE_SIMULATED_FLAG,
            description =
                    "allow keysource = simulated, whose key is NOT SECRET (demonstrations only)")
    private boolean insecureSimulatedKey;

    /** True for the server's agent (beside Alice's modem), false for the client's (Bob's). */
    abstract boolean serverSide();

    abstract Tunnel open(AgentSettings settings, QtlsConfig config) throws IOException;

    /** The first part of the startup line, e.g. where it listens and where it forwards. */
    abstract String describe(Tunnel tunnel, AgentSettings settings);

    @Override
    public final Integer call() throws Exception {
        AgentSettings s = AgentSettings.load(config);
        SiftedKeySource src = s.keySourceForTraffic(serverSide(), insecureSimulatedKey);
        QtlsConfig qc = Compat.apply(s.qtlsConfig(serverSide(), src), compat);
        if (src.isSimulated()) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "host-agent: WARNING: "
                                    + src.status().modem()
                                    + "; this connection is NOT SECRET (demonstration only)");
            spec.commandLine().getErr().flush();
        }
        try (Tunnel t = open(s, qc)) {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s (%s order)%s%n",
                            describe(t, s),
                            qc.authenticationOrder(),
                            src.isSimulated() ? " [SIMULATED KEY, NOT SECRET]" : "");
            spec.commandLine().getOut().flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
