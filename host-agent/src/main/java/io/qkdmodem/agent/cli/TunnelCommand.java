package io.qkdmodem.agent.cli;

import io.qkdmodem.agent.qtls.keysource.SiftedKeySource;
import io.qkdmodem.agent.tunnel.Tunnel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tunnel}: listen locally for plain TCP and carry each connection to the peer agent. */
@Command(
        name = "tunnel",
        description = "Listen for plain TCP locally and carry each connection to the peer agent.")
final class TunnelCommand implements Callable<Integer> {
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

    @Override
    public Integer call() throws Exception {
        AgentSettings s = AgentSettings.load(config);
        SiftedKeySource src = s.keySourceForTraffic(false, insecureSimulatedKey);
        var qc = Compat.apply(s.qtlsConfig(false, src), compat);
        if (src.isSimulated()) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "host-agent: WARNING: "
                                    + src.status().modem()
                                    + "; this connection is NOT SECRET (demonstration only)");
            spec.commandLine().getErr().flush();
        }
        try (Tunnel t = Tunnel.client(s.address("listen"), s.address("peer"), qc)) {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "tunnel listening on %s, peer agent %s (%s order)%s%n",
                            t.localAddress(),
                            s.get("peer", "?"),
                            qc.authenticationOrder(),
                            src.isSimulated() ? " [SIMULATED KEY, NOT SECRET]" : "");
            spec.commandLine().getOut().flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
