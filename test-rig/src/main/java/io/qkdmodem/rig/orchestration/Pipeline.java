package io.qkdmodem.rig.orchestration;

import io.qkdmodem.rig.theory.KeyRateTheory;
import java.util.Objects;

/**
 * The real pieces a rig is made of: how to start the modems and the agents, and the theory the
 * results are compared with. {@link io.qkdmodem.rig.wiring.Wiring} builds the one made of the
 * project's own firmware and host agent.
 */
public record Pipeline(ModemPairFactory modems, AgentPairFactory agents, KeyRateTheory theory) {
    public Pipeline {
        Objects.requireNonNull(modems);
        Objects.requireNonNull(agents);
        Objects.requireNonNull(theory);
    }
}
