package io.qkdmodem.agent.cli;

import io.qkdmodem.agent.qtls.QtlsConfig;
import io.qkdmodem.agent.tunnel.Tunnel;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code serve}: accept Quantum TLS (as Alice's agent) and forward to a local TCP port. */
@Command(
        name = "serve",
        description = "Accept Quantum TLS connections and forward each to a local TCP service.")
final class ServeCommand extends TunnelEndpointCommand {

    @Override
    boolean serverSide() {
        return true;
    }

    @Override
    Tunnel open(AgentSettings s, QtlsConfig qc) throws IOException {
        return Tunnel.server(
                s.address("listen"), s.address("forward"), qc, s.integer("max-connections", 64));
    }

    @Override
    String describe(Tunnel t, AgentSettings s) {
        return "serving Quantum TLS on "
                + t.localAddress()
                + ", forwarding to "
                + s.get("forward", "?");
    }
}
