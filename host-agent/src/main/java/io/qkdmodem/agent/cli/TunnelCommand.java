package io.qkdmodem.agent.cli;

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

    @Override
    public Integer call() throws Exception {
        AgentSettings s = AgentSettings.load(config);
        var qc = Compat.apply(s.qtlsConfig(false), compat);
        try (Tunnel t = Tunnel.client(s.address("listen"), s.address("peer"), qc)) {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "tunnel listening on %s, peer agent %s (%s order)%n",
                            t.localAddress(), s.get("peer", "?"), qc.authenticationOrder());
            spec.commandLine().getOut().flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
