package io.qkdmodem.agent.cli;

import io.qkdmodem.agent.tunnel.Tunnel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve}: accept Quantum TLS (as Alice's agent) and forward to a local TCP port. */
@Command(
        name = "serve",
        description = "Accept Quantum TLS connections and forward each to a local TCP service.")
final class ServeCommand implements Callable<Integer> {
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
        var qc = Compat.apply(s.qtlsConfig(true), compat);
        try (Tunnel t =
                Tunnel.server(
                        s.address("listen"),
                        s.address("forward"),
                        qc,
                        s.integer("max-connections", 64))) {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "serving Quantum TLS on %s, forwarding to %s (%s order)%n",
                            t.localAddress(), s.get("forward", "?"), qc.authenticationOrder());
            spec.commandLine().getOut().flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
