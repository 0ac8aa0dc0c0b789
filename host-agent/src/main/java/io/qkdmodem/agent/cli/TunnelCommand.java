package io.qkdmodem.agent.cli;

import io.qkdmodem.agent.qtls.QtlsConfig;
import io.qkdmodem.agent.tunnel.Tunnel;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code tunnel}: listen locally for plain TCP and carry each connection to the peer agent. */
@Command(
        name = "tunnel",
        description = "Listen for plain TCP locally and carry each connection to the peer agent.")
final class TunnelCommand extends TunnelEndpointCommand {

    @Override
    boolean serverSide() {
        return false;
    }

    @Override
    Tunnel open(AgentSettings s, QtlsConfig qc) throws IOException {
        return Tunnel.client(s.address("listen"), s.address("peer"), qc);
    }

    @Override
    String describe(Tunnel t, AgentSettings s) {
        return "tunnel listening on " + t.localAddress() + ", peer agent " + s.get("peer", "?");
    }
}
