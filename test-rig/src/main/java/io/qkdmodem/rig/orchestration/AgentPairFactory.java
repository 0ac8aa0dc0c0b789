package io.qkdmodem.rig.orchestration;

import io.qkdmodem.rig.scenario.SourceProfile;
import java.net.InetSocketAddress;

/** Starts the two host agents of a rig, each on the host end of its modem cable. */
public interface AgentPairFactory {

    /**
     * @param profile handshake profile ({@code paper} keeps the paper's message order)
     * @param links the host cables
     * @param provisioning the secrets of this bench (the pairing secrets with the modems)
     * @param forwardTo where the server agent's tunnel delivers (the rig's echo service)
     * @param seed seed for the agents' random choices that tests need reproducible
     * @param workspace temporary directory (certificates, keys)
     */
    record Spec(
            SourceProfile profile,
            HostLinks links,
            Provisioning provisioning,
            InetSocketAddress forwardTo,
            long seed,
            Workspace workspace) {}

    AgentPair start(Spec spec, Teardown teardown) throws RigException;
}
